// The one way Batchwise calls a model: the openai SDK against the configured endpoint or the built-in simulator.
import OpenAI, { APIUserAbortError } from "openai";
import type { SchemaObject } from "ajv";
import { env } from "@/lib/env";
import { classifyError, ModelCallError, type BilledUsage } from "./errors";
import { checkOutputSchema, validateOutput } from "./output-schema";
import { costMicros, estimateTokens, priceFor } from "./pricing";
import { rateLimitSnapshot, type RateLimitSnapshot } from "./rate-limit-headers";

export { validateOutputSchema } from "./output-schema";
export type { RateLimitSnapshot } from "./rate-limit-headers";

export const DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";
/** The simulator checks no key, but the SDK refuses to start without one. */
export const SIMULATOR_API_KEY = "sk-batchwise-simulator";
export const SIMULATOR_PATH = "/api/simulator/v1";
/** Per request; a slow model answering long outputs can take tens of seconds. */
export const MODEL_REQUEST_TIMEOUT_MS = 60_000;
/** 429s absorbed inside one call before the runner sees them (and slows the whole run down). */
export const RATE_LIMIT_RETRIES = 2;
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

export interface ModelCallInput {
  model: string;
  system?: string;
  prompt: string;
  /** A JSON Schema (object at the root); null or undefined asks for free text. */
  outputSchema?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export interface CallModelOptions {
  rateLimitRetries?: number;
  maxRetryWaitMs?: number;
  random?: () => number;
}

export interface ModelCallResult extends BilledUsage {
  output: string;
  /** Wall time of the whole call, in-call 429 waits included: what the item cost in time. */
  latencyMs: number;
  /** 429s answered and waited out inside this call; the runner lowers concurrency when this is > 0. */
  rateLimitedAttempts: number;
  rateLimit: RateLimitSnapshot | null;
}

export function modelEndpoint(): ModelEndpoint {
  if (env.OPENAI_API_KEY) {
    return { baseURL: env.OPENAI_BASE_URL ?? DEFAULT_OPENAI_BASE_URL, apiKey: env.OPENAI_API_KEY, simulated: false };
  }
  const origin = (env.APP_URL ?? `http://127.0.0.1:${env.PORT}`).replace(/\/+$/, "");
  return { baseURL: `${origin}${SIMULATOR_PATH}`, apiKey: SIMULATOR_API_KEY, simulated: true };
}

export function createModelClient(endpoint: ModelEndpoint = modelEndpoint(), opts: { timeoutMs?: number } = {}): OpenAI {
  // maxRetries 0: retries belong to Batchwise (in-call 429 waits here, retry passes in the run), so they are counted.
  return new OpenAI({ apiKey: endpoint.apiKey, baseURL: endpoint.baseURL, maxRetries: 0, timeout: opts.timeoutMs ?? MODEL_REQUEST_TIMEOUT_MS });
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
  if (input.system) messages.push({ role: "system", content: input.system });
  messages.push({ role: "user", content: input.prompt });
  if (!schema) return { model: input.model, messages };
  const format = { type: "json_schema" as const, json_schema: { name: OUTPUT_SCHEMA_NAME, schema, strict: true } };
  return { model: input.model, messages, response_format: format };
}

// Only 429s are retried here: they say "come back later" and cost nothing; any other failure is the runner's to count.
async function sendWithRetries(
  client: OpenAI,
  body: OpenAI.ChatCompletionCreateParamsNonStreaming,
  input: ModelCallInput,
  opts: CallModelOptions,
): Promise<{ data: OpenAI.ChatCompletion; response: Response; rateLimitedAttempts: number }> {
  const retries = opts.rateLimitRetries ?? RATE_LIMIT_RETRIES;
  for (let rateLimitedAttempts = 0; ; rateLimitedAttempts += 1) {
    try {
      const { data, response } = await client.chat.completions.create(body, { signal: input.signal, headers: input.headers }).withResponse();
      return { data, response, rateLimitedAttempts };
    } catch (err) {
      const error = classifyError(err);
      if (error.kind !== "rate_limit" || !error.retryable) throw error;
      if (rateLimitedAttempts >= retries) {
        const message = `${error.message} (still rate limited after ${rateLimitedAttempts} in-call retries)`;
        throw new ModelCallError("rate_limit", message, { status: error.status, retryAfterMs: error.retryAfterMs, cause: err });
      }
      await sleep(retryWaitMs(error, rateLimitedAttempts + 1, opts), input.signal);
    }
  }
}

/** One model call: retries 429s briefly, checks the answer, prices the usage. Throws ModelCallError only. */
export async function callModel(client: OpenAI, input: ModelCallInput, opts: CallModelOptions = {}): Promise<ModelCallResult> {
  const started = performance.now();
  // Refuse before sending anything, so a misconfigured run costs nothing.
  let schema: SchemaObject | undefined;
  if (input.outputSchema !== undefined && input.outputSchema !== null) {
    const check = checkOutputSchema(input.outputSchema);
    if (!check.ok) throw new ModelCallError("bad_request", `The output schema is not usable: ${check.message}`);
    schema = check.schema;
  }
  try {
    priceFor(input.model);
  } catch (err) {
    throw new ModelCallError("bad_request", err instanceof Error ? err.message : String(err), { cause: err });
  }

  const { data, response, rateLimitedAttempts } = await sendWithRetries(client, requestBody(input, schema), input, opts);
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
    costMicros: costMicros(input.model, { promptTokens: tokensIn, cachedPromptTokens: cachedTokensIn, completionTokens: tokensOut }),
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

  return {
    output: text,
    ...billed,
    latencyMs: Math.round(performance.now() - started),
    rateLimitedAttempts,
    rateLimit: rateLimitSnapshot(response.headers),
  };
}
