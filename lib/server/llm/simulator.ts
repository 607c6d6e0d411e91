// An OpenAI-compatible endpoint in-process, on web-standard Request/Response, so runs, tests and benchmarks need no key.
import "server-only";
import { CHARS_PER_TOKEN, estimateTokens, listModels } from "./pricing";
import { simulatedContent, simulatedPromptTokens } from "./simulator-content";
import { simulatedModelProfile } from "./simulator-models";
import { openAIError, parseChatRequest } from "./simulator-request";
import { AppError } from "@/lib/server/errors";
import { readBodyText } from "@/lib/server/request-body";
import { createRateWindow, formatDuration, RATE_WINDOW_MS, rateLimitHeaders } from "./simulator-rate-window";

export interface SimulatorKnobs {
  latencyMs: number;
  /** Share of requests (0–1) answered with a 500, drawn at random so a retry can succeed. */
  failureRate: number;
  /** Requests per sliding minute; 0 means unlimited. */
  rateLimitRpm: number;
  /** Tokens (prompt + expected completion, counted on admission) per sliding minute; 0 (the default) means unlimited. */
  rateLimitTpm?: number;
  /** The window the per-minute limits are enforced over, pro rata (default a minute): tests use a second. */
  rateWindowMs?: number;
  random?: () => number;
  now?: () => number;
}

export interface Simulator {
  handle(request: Request): Promise<Response>;
}

/** Test hook: this request header forces one outcome regardless of the knobs. */
export const FORCE_FAILURE_HEADER = "x-simulator-fail";
export const FORCED_FAILURES = ["server", "rate_limit", "timeout", "bad_request", "invalid_json", "content_filter"] as const;
export type ForcedFailure = (typeof FORCED_FAILURES)[number];

const LATENCY_JITTER = 0.2;
/** A forced timeout holds the answer longer than any sane client timeout (it ends early when the client gives up). */
const FORCED_TIMEOUT_HOLD_MS = 10 * 60_000;
const MS_PER_SECOND = 1000;
// Status nginx uses for "client closed the request"; nobody reads it, the socket is gone.
const CLIENT_CLOSED_STATUS = 499;
const MODELS_CREATED_AT = 1_700_000_000;
/** A prompt past this is beyond every model's context window: the body is refused before it is held. */
const SIMULATOR_MAX_BODY_BYTES = 8 * 1024 * 1024;

function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "x-simulated": "true", ...headers } });
}

function serverError(): Response {
  const body = openAIError("The server had an error while processing your request. Sorry about that!", null, null, "server_error");
  return json(500, body);
}

function checkKnobs(knobs: SimulatorKnobs): void {
  const ok = (v: number) => Number.isFinite(v) && v >= 0;
  if (!ok(knobs.latencyMs)) throw new RangeError(`Simulator latencyMs must be ≥ 0, got ${knobs.latencyMs}`);
  if (!ok(knobs.failureRate) || knobs.failureRate > 1) throw new RangeError(`Simulator failureRate must be 0–1, got ${knobs.failureRate}`);
  if (!ok(knobs.rateLimitRpm)) throw new RangeError(`Simulator rateLimitRpm must be ≥ 0, got ${knobs.rateLimitRpm}`);
  if (!ok(knobs.rateLimitTpm ?? 0)) throw new RangeError(`Simulator rateLimitTpm must be ≥ 0, got ${knobs.rateLimitTpm}`);
  const windowMs = knobs.rateWindowMs ?? RATE_WINDOW_MS;
  if (!ok(windowMs) || windowMs === 0) throw new RangeError(`Simulator rateWindowMs must be > 0, got ${knobs.rateWindowMs}`);
}

export function createSimulator(knobs: SimulatorKnobs): Simulator {
  checkKnobs(knobs);
  const random = knobs.random ?? Math.random;
  const now = knobs.now ?? Date.now;
  const windowMs = knobs.rateWindowMs ?? RATE_WINDOW_MS;
  const rateWindow = createRateWindow(knobs.rateLimitRpm, windowMs, "requests");
  const tokenWindow = createRateWindow(knobs.rateLimitTpm ?? 0, windowMs, "tokens");
  let counter = 0;

  function retryAfter(waitMs: number): Record<string, string> {
    return { "retry-after": String(Math.max(1, Math.ceil(waitMs / MS_PER_SECOND))), "retry-after-ms": String(Math.max(1, Math.ceil(waitMs))) };
  }

  function tooManyRequests(waitMs: number, limit: number, at: number = now()): Response {
    const message = `Rate limit reached for requests per min (RPM): Limit ${limit}, Used ${limit}, Requested 1. Please try again in ${formatDuration(waitMs)}.`;
    return json(429, openAIError(message, null, "rate_limit_exceeded", "requests"), {
      ...retryAfter(waitMs),
      ...rateLimitHeaders(limit, 0, waitMs),
      ...tokenWindow.headers(at),
    });
  }

  // OpenAI counts a request's prompt plus its expected completion against TPM when it admits it.
  function tooManyTokens(waitMs: number, used: number, requested: number, at: number): Response {
    const limit = tokenWindow.limit;
    const message =
      requested > tokenWindow.capacity
        ? `Request too large for tokens per min (TPM): Limit ${limit}, Requested ${requested}. The input or output tokens must be reduced in order to run successfully.`
        : `Rate limit reached for tokens per min (TPM): Limit ${limit}, Used ${used}, Requested ${requested}. Please try again in ${formatDuration(waitMs)}.`;
    return json(429, openAIError(message, null, "rate_limit_exceeded", "tokens"), {
      ...retryAfter(waitMs),
      ...rateWindow.headers(at),
      ...rateLimitHeaders(limit, tokenWindow.capacity - used, waitMs, "tokens"),
    });
  }

  function jittered(ms: number): number {
    return ms * (1 + (random() * 2 - 1) * LATENCY_JITTER);
  }

  async function forced(kind: ForcedFailure, signal: AbortSignal): Promise<Response | undefined> {
    if (kind === "rate_limit") return tooManyRequests(MS_PER_SECOND, Math.max(1, rateWindow.limit));
    if (kind === "bad_request") return json(400, openAIError(`Simulated bad request (${FORCE_FAILURE_HEADER}: bad_request).`));
    if (kind === "server") return (await sleep(jittered(knobs.latencyMs), signal)) ? serverError() : aborted();
    if (kind === "timeout") {
      await sleep(FORCED_TIMEOUT_HOLD_MS, signal);
      return signal.aborted ? aborted() : json(504, openAIError("Simulated timeout.", null, null, "timeout"));
    }
    return undefined;
  }

  async function chatCompletion(request: Request): Promise<Response> {
    const started = now();
    const hook = request.headers.get(FORCE_FAILURE_HEADER);
    const forcedKind = FORCED_FAILURES.find((k) => k === hook);
    if (hook !== null && forcedKind === undefined) {
      return json(400, openAIError(`${FORCE_FAILURE_HEADER} must be one of ${FORCED_FAILURES.join(", ")}`, FORCE_FAILURE_HEADER));
    }
    const early = forcedKind === undefined ? undefined : await forced(forcedKind, request.signal);
    if (early) return early;

    // Refused before the body is read, as before; checked again below, after the await, where admission is recorded.
    const quick = rateWindow.check(now());
    if (!quick.allowed) return tooManyRequests(quick.waitMs, rateWindow.limit);

    let body: unknown;
    let bodyReadFailed = false;
    try {
      body = JSON.parse(await readBodyText(request, SIMULATOR_MAX_BODY_BYTES));
    } catch (error) {
      if (error instanceof AppError && error.code === "payload_too_large") return json(413, openAIError(error.message));
      bodyReadFailed = true;
    }
    // From here to the commits nothing awaits, so concurrent requests cannot overfill a window.
    const admittedAt = now();
    const slot = rateWindow.check(admittedAt);
    if (!slot.allowed) return tooManyRequests(slot.waitMs, rateWindow.limit, admittedAt);
    const invalid = () => ({ ...rateWindow.commit(admittedAt), ...tokenWindow.headers(admittedAt) });
    if (bodyReadFailed) {
      // The error is the answer: the client sent something that is not JSON.
      return json(400, openAIError("We could not parse the JSON body of your request. (HINT: the body must be JSON.)"), invalid());
    }
    const parsed = parseChatRequest(body);
    if (!parsed.ok) return json(parsed.status, parsed.body, invalid());

    const req = parsed.request;
    let content: string | null = simulatedContent(req);
    let finishReason = "stop";
    const maxChars = req.maxCompletionTokens === undefined ? Infinity : req.maxCompletionTokens * CHARS_PER_TOKEN;
    if (content.length > maxChars) [content, finishReason] = [content.slice(0, maxChars), "length"];
    const promptTokens = simulatedPromptTokens(req);

    // A request refused for tokens counts against neither limit, as at OpenAI.
    const tokenCost = promptTokens + (req.maxCompletionTokens ?? Math.max(1, estimateTokens(content)));
    const tokenSlot = tokenWindow.check(admittedAt, tokenCost);
    if (!tokenSlot.allowed) return tooManyTokens(tokenSlot.waitMs, tokenSlot.used, tokenCost, admittedAt);
    const admission = { ...rateWindow.commit(admittedAt), ...tokenWindow.commit(admittedAt, tokenCost) };

    // Each model answers at its own pace (simulator-models.ts): the knob is a mini model's latency.
    const latencyMs = knobs.latencyMs * simulatedModelProfile(req.model).latencyFactor;
    if (!(await sleep(jittered(latencyMs), request.signal))) return aborted();
    if (knobs.failureRate > 0 && random() < knobs.failureRate) return serverError();
    if (forcedKind === "invalid_json") content = `Here is the JSON you asked for: ${content}`;
    if (forcedKind === "content_filter") [content, finishReason] = [null, "content_filter"];

    const completionTokens = content === null ? 0 : Math.max(1, estimateTokens(content));
    counter += 1;
    return json(
      200,
      {
        id: `chatcmpl-sim${started.toString(36)}${counter.toString(36)}`,
        object: "chat.completion",
        created: Math.floor(started / MS_PER_SECOND),
        model: req.model,
        choices: [
          { index: 0, message: { role: "assistant", content, refusal: null, annotations: [] }, logprobs: null, finish_reason: finishReason },
        ],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
          prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
          completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
        },
        service_tier: "default",
        system_fingerprint: "fp_batchwise_simulator",
      },
      { ...admission, "openai-processing-ms": String(Math.max(0, Math.round(now() - started))), "x-request-id": `req_sim_${counter}` },
    );
  }

  function models(): Response {
    const data = listModels().map((m) => ({ id: m.id, object: "model", created: MODELS_CREATED_AT, owned_by: "batchwise-simulator" }));
    return json(200, { object: "list", data });
  }

  return {
    async handle(request) {
      // Match the suffix only, so the same simulator serves /api/simulator/v1/... in Next and /v1/... in a test server.
      const path = new URL(request.url).pathname.replace(/\/+$/, "");
      if (path.endsWith("/chat/completions")) return request.method === "POST" ? chatCompletion(request) : notAllowed(request);
      if (path.endsWith("/models")) return request.method === "GET" ? models() : notAllowed(request);
      return json(404, openAIError(`Unknown request URL: ${request.method} ${path}.`, null, "unknown_url"));
    },
  };
}

function notAllowed(request: Request): Response {
  return json(405, openAIError(`Method ${request.method} is not allowed here.`, null, "method_not_allowed"));
}

function aborted(): Response {
  return new Response(null, { status: CLIENT_CLOSED_STATUS });
}
