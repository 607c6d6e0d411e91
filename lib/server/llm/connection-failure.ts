// What a failed connection says: the endpoint's host and the system's reason, e.g. "Could not connect
// to 127.0.0.1:9 (ECONNREFUSED).". The openai SDK's own message is only "Connection error."; the reason
// sits at the end of the cause chain undici builds (APIConnectionError → TypeError "fetch failed" → system error).
import "server-only";

/** Cause chains are short; the bound only guards against a cycle. */
const MAX_CAUSE_DEPTH = 10;
const UNKNOWN_HOST = "the model endpoint";

interface SystemErrorFields {
  code?: unknown;
  message?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
  errors?: unknown;
  cause?: unknown;
}

function asFields(value: unknown): SystemErrorFields | undefined {
  return value !== null && typeof value === "object" ? (value as SystemErrorFields) : undefined;
}

/**
 * The innermost cause, or undefined when the error has none (its own message says nothing more);
 * for several addresses tried at once (an AggregateError), the first of them.
 */
function rootCause(err: unknown): SystemErrorFields | undefined {
  let current: SystemErrorFields | undefined;
  let next = asFields(asFields(err)?.cause);
  for (let depth = 0; next && depth < MAX_CAUSE_DEPTH; depth++) {
    current = next;
    next = asFields(current.cause);
  }
  if (current && current.code === undefined && Array.isArray(current.errors)) return asFields(current.errors[0]) ?? current;
  return current;
}

function hostOf(baseURL: string | undefined, cause: SystemErrorFields | undefined): string {
  if (baseURL) {
    try {
      return new URL(baseURL).host;
    } catch {
      // Not a URL: fall back to what the system error names.
    }
  }
  if (typeof cause?.hostname === "string") return cause.hostname;
  if (typeof cause?.address === "string") return typeof cause.port === "number" ? `${cause.address}:${cause.port}` : cause.address;
  return UNKNOWN_HOST;
}

/** "ECONNREFUSED" (a system error's message only repeats it), "UND_ERR_SOCKET: other side closed", "bad port". */
function reasonOf(cause: SystemErrorFields | undefined): string | undefined {
  const code = typeof cause?.code === "string" ? cause.code : undefined;
  const message = typeof cause?.message === "string" ? cause.message : undefined;
  if (code && message && !message.includes(code)) return `${code}: ${message}`;
  return code ?? message;
}

export function describeConnectionFailure(err: unknown, baseURL?: string): string {
  const cause = rootCause(err);
  const reason = reasonOf(cause);
  return `Could not connect to ${hostOf(baseURL, cause)}${reason ? ` (${reason})` : ""}.`;
}

export function describeTimeout(baseURL?: string): string {
  return `The request to ${hostOf(baseURL, undefined)} timed out.`;
}
