// The one way Batchwise calls a model: the openai SDK against the configured endpoint or the built-in simulator.
import "server-only";
import OpenAI, { APIError, APIUserAbortError } from "openai";
import type { SchemaObject } from "ajv";
import { appUrl, env } from "@/lib/server/env";
import { labelInstruction, matchLabel } from "@/lib/shared/labels";
import { simulatorSecret } from "./simulator-access";
import { classifyError, ModelCallError, type BilledUsage } from "./errors";
import { checkOutputSchema, validateOutput } from "./output-schema";
import { costNanos, estimateTokens, priceFor, type ModelPrice } from "./pricing";
import { rateLimitSnapshot, type RateLimitSnapshot } from "./rate-limit-headers";
import { rateLimiterFor, type EndpointRateLimiter, type Permit, type RateLimits, type RequestPriority } from "./rate-limiter";

export { validateOutputSchema } from "./output-schema";
export type { RateLimitSnapshot } from "./rate-limit-headers";

export const DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";
export const SIMULATOR_PATH = "/api/simulator/v1";
/** 429s absorbed inside one call before the runner sees them (and slows the whole run down). */
export const RATE_LIMIT_RETRIES = 2;
/** With the endpoint's limiter, a retry waits in its queue behind the pause and costs no storm: allow more. */
export const LIMITED_RATE_LIMIT_RETRIES = 5;
/** No single wait longer than this inside a call; a longer pause is the runner's decision. */
export const RATE_LIMIT_MAX_WAIT_MS = 20_000;
/** First wait when a 429 carries no retry-after; doubles per retry. */
const RATE_LIMIT_FALLBACK_WAIT_MS = 1_000;
/** Extra random share on top of the server's wait, so parallel callers do not return in lockstep. */
const RETRY_JITTER = 0.25;
const OUTPUT_SCHEMA_NAME = "output";

export interface ModelEndpoint {
  baseURL: string;
  apiKey: string;
  simulated: boolean;
}

export interface FewShotExample {
  input: string;
  output: string;
}

export interface ModelCallInput {
  model: string;
  system?: string;
  prompt: string;
  /** Few-shot examples sent before the prompt as earlier turns: each input as the user's, its output as the assistant's. */
  examples?: readonly FewShotExample[];
  /** A JSON Schema (object at the root); null or undefined asks for free text. */
  outputSchema?: unknown;
  /** The answer must be one of these (lib/shared/labels.ts): asked for in the system message, stored as listed. */
  labels?: readonly string[];
  /** Sent as max_tokens when set. */
  maxTokens?: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** What the call is billed at (the run's price); null: no price known, billed $0. Unset: the list price, or refused. */
  price?: ModelPrice | null;
}

/**
 * What rate limiting cost one call, filled in as the call goes so a call that fails still tells:
 * 429 answers met, and milliseconds waited for leave to send (the limiter's queue, in-call 429 sleeps).
 */
export interface RateLimitMeter {
  hits: number;
  waitMs: number;
}

export interface CallModelOptions {
  /** The endpoint's shared limiter: every attempt waits for a permit, and a 429's wait becomes its pause. */
  rateLimiter?: EndpointRateLimiter;
  rateLimitRetries?: number;
  maxRetryWaitMs?: number;
  random?: () => number;
  /** Counts this call's 429s and waits (ItemAttempt.rateLimitHits / rateLimitWaitMs, the run's timeline). */
  meter?: RateLimitMeter;
  /** Where the call stands in the limiter's queue (stream items first, then runs by priority); absent: a run's at 0. */
  priority?: RequestPriority;
  /** Called once, when the first request has its permit and is about to be sent. */
  onSending?: () => void;
  /**
   * Withdraws the call while it still waits for its first permit (a batch that stops sending): it
   * then throws (as an abort) before onSending, and nothing was sent. A call already sent goes on.
   */
  withdrawSignal?: AbortSignal;
}

export interface ModelCallResult extends BilledUsage {
  output: string;
  /** Wall time of the whole call from its first permit, in-call 429 waits included: what the item cost in time. */
  latencyMs: number;
  /** 429s answered and waited out inside this call (with a limiter, it has already paused and cut concurrency). */
  rateLimitedAttempts: number;
  rateLimit: RateLimitSnapshot | null;
}

export function simulatorEndpoint(): ModelEndpoint {
  return { baseURL: `${appUrl}${SIMULATOR_PATH}`, apiKey: simulatorSecret(), simulated: true };
}

/** The environment's endpoint (OPENAI_*), or the simulator without a key: the "default" provider. */
export function modelEndpoint(): ModelEndpoint {
  if (env.OPENAI_API_KEY) {
    return { baseURL: env.OPENAI_BASE_URL ?? DEFAULT_OPENAI_BASE_URL, apiKey: env.OPENAI_API_KEY, simulated: false };
  }
  return simulatorEndpoint();
}

/** The process-wide rate limiter of an endpoint, starting from its known limits (the environment's by default). */
export function endpointRateLimiter(
  endpoint: ModelEndpoint = modelEndpoint(),
  limits: RateLimits = { rpm: env.OPENAI_RATE_LIMIT_RPM, tpm: env.OPENAI_RATE_LIMIT_TPM },
): EndpointRateLimiter {
  return rateLimiterFor(endpoint, limits);
}

export function createModelClient(endpoint: ModelEndpoint = modelEndpoint(), opts: { timeoutMs?: number } = {}): OpenAI {
  // maxRetries 0: retries belong to Batchwise (in-call 429 waits here, retry passes in the run), so they are counted.
  return new OpenAI({ apiKey: endpoint.apiKey, baseURL: endpoint.baseURL, maxRetries: 0, timeout: opts.timeoutMs ?? env.OPENAI_TIMEOUT_MS });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(classifyError(new APIUserAbortError()));
    const onAbort = () => {
      clearTimeout(timer);
      reject(classifyError(new APIUserAbortError()));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function retryWaitMs(error: ModelCallError, retry: number, opts: CallModelOptions): number {
  const base = error.retryAfterMs ?? RATE_LIMIT_FALLBACK_WAIT_MS * 2 ** (retry - 1);
  const jittered = base * (1 + (opts.random ?? Math.random)() * RETRY_JITTER);
  return Math.min(opts.maxRetryWaitMs ?? RATE_LIMIT_MAX_WAIT_MS, jittered);
}

function tokenCount(reported: number | undefined, fallback: number): number {
  return typeof reported === "number" && Number.isFinite(reported) && reported >= 0 ? Math.round(reported) : fallback;
}

function requestBody(input: ModelCallInput, schema: SchemaObject | undefined): OpenAI.ChatCompletionCreateParamsNonStreaming {
  const messages: OpenAI.ChatCompletionMessageParam[] = [];
  const system = systemMessage(input);
  if (system) messages.push({ role: "system", content: system });
  for (const example of input.examples ?? []) {
    messages.push({ role: "user", content: example.input }, { role: "assistant", content: example.output });
  }
  messages.push({ role: "user", content: input.prompt });
  const limits = input.maxTokens === undefined ? {} : { max_tokens: input.maxTokens };
  if (!schema) return { model: input.model, messages, ...limits };
  const format = { type: "json_schema" as const, json_schema: { name: OUTPUT_SCHEMA_NAME, schema, strict: true } };
  return { model: input.model, messages, response_format: format, ...limits };
}

/** The system prompt, with the labels' instruction as its own last line when the answer must be a label. */
function systemMessage(input: ModelCallInput): string | undefined {
  const lines = [input.system, input.labels?.length ? labelInstruction(input.labels) : undefined].filter((line) => line);
  return lines.length > 0 ? lines.join("\n") : undefined;
}

/** What the endpoint will count for a request before it answers: the prompt side (the limiter learns the rest). */
function promptTokenEstimate(body: OpenAI.ChatCompletionCreateParamsNonStreaming): number {
  const text = body.messages.map((m) => (typeof m.content === "string" ? m.content : "")).join("");
  const format = body.response_format?.type === "json_schema" ? JSON.stringify(body.response_format.json_schema.schema ?? {}) : "";
  return estimateTokens(text) + estimateTokens(format);
}

function acquirePermit(
  limiter: EndpointRateLimiter,
  body: OpenAI.ChatCompletionCreateParamsNonStreaming,
  signal: AbortSignal | undefined,
  priority: RequestPriority | undefined,
): Promise<Permit> {
  return limiter.acquire({ estimatedTokens: promptTokenEstimate(body), signal, priority }).catch((err: unknown) => {
    throw classifyError(signal?.aborted ? new APIUserAbortError() : err);
  });
}

/** The signal the first permit wait listens on: the call's own, and the withdrawal while nothing is sent yet. */
function firstWaitSignal(input: ModelCallInput, opts: CallModelOptions): AbortSignal | undefined {
  const signals = [input.signal, opts.withdrawSignal].filter((s): s is AbortSignal => s !== undefined);
  return signals.length > 1 ? AbortSignal.any(signals) : signals[0];
}

// Only 429s are retried here: they say "come back later" and cost nothing; any other failure is the runner's to count.
// With a limiter, the 429 pauses the whole endpoint and the retry waits for its permit like everyone else, so
// nobody sleeps twice and the retries of many callers cannot return together.
async function sendWithRetries(
  client: OpenAI,
  body: OpenAI.ChatCompletionCreateParamsNonStreaming,
  input: ModelCallInput,
  opts: CallModelOptions,
): Promise<{ data: OpenAI.ChatCompletion; response: Response; rateLimitedAttempts: number; queuedMs: number }> {
  const limiter = opts.rateLimiter;
  const retries = opts.rateLimitRetries ?? (limiter ? LIMITED_RATE_LIMIT_RETRIES : RATE_LIMIT_RETRIES);
  const meter = opts.meter;
  let queuedMs = 0;
  for (let rateLimitedAttempts = 0; ; rateLimitedAttempts += 1) {
    const first = rateLimitedAttempts === 0;
    if (first && opts.withdrawSignal?.aborted) throw classifyError(new APIUserAbortError());
    const waitStart = performance.now();
    const permit = limiter ? await acquirePermit(limiter, body, first ? firstWaitSignal(input, opts) : input.signal, opts.priority) : undefined;
    const waited = performance.now() - waitStart;
    if (first) {
      queuedMs = waited;
      opts.onSending?.();
    }
    if (meter && limiter) meter.waitMs += Math.round(waited);
    try {
      const { data, response } = await client.chat.completions.create(body, { signal: input.signal, headers: input.headers }).withResponse();
      permit?.done({ ok: true, rateLimit: rateLimitSnapshot(response.headers), tokensUsed: data.usage?.total_tokens });
      return { data, response, rateLimitedAttempts, queuedMs };
    } catch (err) {
      const error = classifyError(err, { baseURL: client.baseURL, apiKey: client.apiKey ?? undefined });
      const rateLimited = error.kind === "rate_limit" && error.retryable;
      const headers = err instanceof APIError ? err.headers : undefined;
      permit?.done({
        ok: false,
        rateLimited,
        ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
        rateLimit: headers ? rateLimitSnapshot(headers) : null,
        ...(rateLimited ? { tokensUsed: 0 } : {}),
      });
      if (error.kind === "rate_limit" && meter) meter.hits += 1;
      if (!rateLimited) throw error;
      if (rateLimitedAttempts >= retries) {
        const message = `${error.message} (still rate limited after ${rateLimitedAttempts} in-call retries)`;
        throw new ModelCallError("rate_limit", message, { status: error.status, retryAfterMs: error.retryAfterMs, cause: err });
      }
      if (!limiter) {
        const wait = retryWaitMs(error, rateLimitedAttempts + 1, opts);
        if (meter) meter.waitMs += Math.round(wait);
        await sleep(wait, input.signal);
      }
    }
  }
}

/**
 * The request body for one call, refused before anything is sent (so a misconfigured run costs
 * nothing). The Batch API writes the same body into its JSONL lines.
 */
export function prepareChatRequest(input: ModelCallInput): { body: OpenAI.ChatCompletionCreateParamsNonStreaming; schema: SchemaObject | undefined } {
  let schema: SchemaObject | undefined;
  if (input.outputSchema !== undefined && input.outputSchema !== null) {
    const check = checkOutputSchema(input.outputSchema);
    if (!check.ok) throw new ModelCallError("bad_request", `The output schema is not usable: ${check.message}`);
    schema = check.schema;
  }
  callPrice(input);
  return { body: requestBody(input, schema), schema };
}

/** The run's price when it carries one (null: price unknown, billed at $0), else the list price. */
function callPrice(input: ModelCallInput): ModelPrice | null {
  try {
    return input.price === undefined ? priceFor(input.model) : input.price;
  } catch (err) {
    throw new ModelCallError("bad_request", err instanceof Error ? err.message : String(err), { cause: err });
  }
}

/**
 * Reads one chat completion: its text, checked (content filter, output schema, empty answer), and
 * its usage, priced (at the Batch API's price with `batchApi`). Throws ModelCallError for an
 * unusable answer, with what it was billed. Shared by synchronous calls and Batch API output lines.
 */
export function readChatAnswer(
  input: ModelCallInput,
  schema: SchemaObject | undefined,
  data: OpenAI.ChatCompletion,
  opts: { batchApi?: boolean } = {},
): BilledUsage & { output: string } {
  // Compatible servers are not always complete: no choices, no usage, odd numbers must not escape as a TypeError.
  const choice = data.choices?.[0];
  const text = choice?.message?.content ?? "";
  // A missing count is estimated, because zero would let a run spend past its budget unseen.
  const tokensIn = tokenCount(data.usage?.prompt_tokens, estimateTokens(`${input.system ?? ""}${input.prompt}`));
  const tokensOut = tokenCount(data.usage?.completion_tokens, estimateTokens(text));
  const cachedTokensIn = Math.min(tokensIn, tokenCount(data.usage?.prompt_tokens_details?.cached_tokens, 0));
  const billed: BilledUsage = {
    tokensIn,
    tokensOut,
    cachedTokensIn,
    costNanos: costNanos({ promptTokens: tokensIn, cachedPromptTokens: cachedTokensIn, completionTokens: tokensOut }, callPrice(input), { batch: opts.batchApi }),
  };

  if (choice?.finish_reason === "content_filter") {
    throw new ModelCallError("content_filter", "The provider's content filter withheld the answer", { billed });
  }
  if (choice?.message?.refusal) throw new ModelCallError("content_filter", `The model refused: ${choice.message.refusal}`, { billed });
  if (schema) {
    const check = validateOutput(schema, text);
    const cutOff = choice?.finish_reason === "length" ? " (the answer was cut off at the token limit)" : "";
    if (!check.ok) throw new ModelCallError("invalid_output", check.message + cutOff, { billed });
  } else if (text.trim() === "") {
    throw new ModelCallError("invalid_output", "The model returned an empty answer", { billed });
  }
  let output = text;
  if (input.labels?.length) {
    const label = matchLabel(text, input.labels);
    if (label === null) throw new ModelCallError("invalid_output", `The answer is none of the labels: ${text.slice(0, 80)}`, { billed });
    output = label;
  }
  return { output, ...billed };
}

/** One model call: retries 429s briefly, checks the answer, prices the usage. Throws ModelCallError only. */
export async function callModel(client: OpenAI, input: ModelCallInput, opts: CallModelOptions = {}): Promise<ModelCallResult> {
  const started = performance.now();
  const { body, schema } = prepareChatRequest(input);
  const { data, response, rateLimitedAttempts, queuedMs } = await sendWithRetries(client, body, input, opts);
  const answer = readChatAnswer(input, schema, data);
  return {
    ...answer,
    latencyMs: Math.round(performance.now() - started - queuedMs),
    rateLimitedAttempts,
    rateLimit: rateLimitSnapshot(response.headers),
  };
}
