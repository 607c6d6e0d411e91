// Every failed model call becomes one ModelCallError with a kind, so runs can count, retry and report failures.
import "server-only";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  ContentFilterFinishReasonError,
  LengthFinishReasonError,
} from "openai/core/error";
import { redactSecrets } from "@/lib/server/redact-secrets";
import { describeConnectionFailure, describeTimeout } from "./connection-failure";

export const ERROR_KINDS = [
  "rate_limit",
  "timeout",
  "server",
  "bad_request",
  "invalid_output",
  "content_filter",
  "auth",
  "connection",
  "budget",
  "unknown",
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

// Transient kinds succeed on a later attempt. invalid_output is retryable because sampling makes a
// model's next answer differ; content_filter, bad_request and auth fail the same way every time, and
// unknown is not retried so a bug never burns money in a loop.
const RETRYABLE: ReadonlySet<ErrorKind> = new Set<ErrorKind>(["rate_limit", "timeout", "server", "connection", "invalid_output"]);

export function isRetryable(kind: ErrorKind): boolean {
  return RETRYABLE.has(kind);
}

export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === "string" && (ERROR_KINDS as readonly string[]).includes(value);
}

/** What a call that reached the model was billed, even though its answer was unusable. */
export interface BilledUsage {
  tokensIn: number;
  tokensOut: number;
  cachedTokensIn: number;
  costNanos: number;
}

export interface ModelCallErrorOptions {
  status?: number;
  retryAfterMs?: number;
  /** Overrides the kind's default, for the rare error that is never worth repeating. */
  retryable?: boolean;
  /** Set for invalid_output and content_filter answers: the tokens were spent and count against the budget. */
  billed?: BilledUsage;
  cause?: unknown;
}

export class ModelCallError extends Error {
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly billed?: BilledUsage;

  constructor(kind: ErrorKind, message: string, opts: ModelCallErrorOptions = {}) {
    // Every message is stored with the item and served: nothing key-shaped stays in one.
    super(redactSecrets(message), opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "ModelCallError";
    this.kind = kind;
    this.retryable = opts.retryable ?? isRetryable(kind);
    if (opts.status !== undefined) this.status = opts.status;
    if (opts.retryAfterMs !== undefined) this.retryAfterMs = opts.retryAfterMs;
    if (opts.billed !== undefined) this.billed = opts.billed;
  }
}

/** The server's requested wait: `retry-after-ms` (OpenAI's, precise) before `retry-after` (seconds or an HTTP date). */
export function retryAfterMsFrom(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return Math.ceil(ms);
  const raw = headers.get("retry-after");
  if (raw === null || raw.trim() === "") return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function kindForStatus(status: number): ErrorKind {
  if (status === 401 || status === 403) return "auth";
  if (status === 408) return "timeout";
  if (status === 429) return "rate_limit";
  if (status >= 500) return "server";
  if (status >= 400) return "bad_request";
  return "unknown";
}

function fromApiError(err: APIError): ModelCallError {
  const status = err.status;
  const retryAfterMs = retryAfterMsFrom(err.headers);
  const base = { cause: err, ...(status === undefined ? {} : { status }), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  // OpenAI answers an exhausted account with 429 too; waiting does not help, so it stops the run like a budget does.
  if (err.code === "insufficient_quota") {
    return new ModelCallError("budget", `The provider account has no quota left: ${err.message}`, base);
  }
  // Azure OpenAI rejects filtered prompts with 400 and this code.
  if (err.code === "content_filter") return new ModelCallError("content_filter", err.message, base);
  return new ModelCallError(status === undefined ? "unknown" : kindForStatus(status), err.message, base);
}

/** The failed call's endpoint and key: a connection failure names the host, and the key is never repeated. */
export interface CallContext {
  baseURL?: string;
  apiKey?: string;
}

/** Maps anything a model call can throw (SDK errors, fetch failures, our own) to a ModelCallError. */
export function classifyError(err: unknown, context: CallContext = {}): ModelCallError {
  const classified = classify(err, context);
  // A provider may quote the key it rejected, and a key need not look like one (an Azure key is plain hex).
  if (context.apiKey) classified.message = redactSecrets(classified.message, [context.apiKey]);
  return classified;
}

function classify(err: unknown, context: CallContext): ModelCallError {
  if (err instanceof ModelCallError) return err;
  // Subclass order matters: a timeout is a connection error, an abort is an API error without status.
  if (err instanceof APIConnectionTimeoutError) return new ModelCallError("timeout", describeTimeout(context.baseURL), { cause: err });
  if (err instanceof APIUserAbortError) {
    // Our own abort (pause, cancel, shutdown): nothing was billed, so the item may safely run again.
    return new ModelCallError("connection", "The request was aborted before the model answered", { cause: err });
  }
  if (err instanceof APIConnectionError) return new ModelCallError("connection", describeConnectionFailure(err, context.baseURL), { cause: err });
  if (err instanceof APIError) return fromApiError(err);
  if (err instanceof ContentFilterFinishReasonError) return new ModelCallError("content_filter", err.message, { cause: err });
  if (err instanceof LengthFinishReasonError) {
    return new ModelCallError("invalid_output", "The answer was cut off at the token limit", { cause: err });
  }
  const name = err instanceof Error ? err.name : undefined; // DOMException is an Error in Node 20+
  if (name === "TimeoutError") return new ModelCallError("timeout", "The request timed out", { cause: err });
  if (name === "AbortError") return new ModelCallError("connection", "The request was aborted", { cause: err });
  // undici reports refused or reset connections as "TypeError: fetch failed".
  if (err instanceof TypeError && err.message.includes("fetch failed")) {
    return new ModelCallError("connection", describeConnectionFailure(err, context.baseURL), { cause: err });
  }
  const message = err instanceof Error ? err.message : `Unexpected error: ${String(err)}`;
  return new ModelCallError("unknown", message, { cause: err });
}
