import { describe, expect, it } from "vitest";
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { ContentFilterFinishReasonError } from "openai/core/error";
import { classifyError, ERROR_KINDS, isRetryable, ModelCallError, retryAfterMsFrom, type ErrorKind } from "@/lib/server/llm/errors";

function apiError(status: number, body: Record<string, unknown> = {}, headers: Record<string, string> = {}): APIError {
  // generate() is what the SDK itself calls on an error response, so this yields the real subclasses.
  return APIError.generate(status, { error: { message: `status ${status}`, ...body } }, undefined, new Headers(headers));
}

describe("isRetryable", () => {
  it("retries transient failures and never the ones that fail the same way again", () => {
    const retryable = ERROR_KINDS.filter((kind) => isRetryable(kind));
    expect(retryable.sort()).toEqual(["connection", "invalid_output", "rate_limit", "server", "timeout"]);
  });
});

describe("classifyError", () => {
  const cases: [string, unknown, ErrorKind, boolean][] = [
    ["429", apiError(429), "rate_limit", true],
    ["500", apiError(500), "server", true],
    ["503", apiError(503), "server", true],
    ["400", apiError(400), "bad_request", false],
    ["404 unknown model", apiError(404, { code: "model_not_found" }), "bad_request", false],
    ["422", apiError(422), "bad_request", false],
    ["401", apiError(401), "auth", false],
    ["403", apiError(403), "auth", false],
    ["408", apiError(408), "timeout", true],
    ["client timeout", new APIConnectionTimeoutError(), "timeout", true],
    ["connection refused", new APIConnectionError({ message: "Connection error." }), "connection", true],
    ["undici fetch failure", new TypeError("fetch failed"), "connection", true],
    ["exhausted account", apiError(429, { code: "insufficient_quota", type: "insufficient_quota" }), "budget", false],
    ["Azure content filter", apiError(400, { code: "content_filter" }), "content_filter", false],
    ["SDK content-filter finish", new ContentFilterFinishReasonError(), "content_filter", false],
    ["plain Error", new Error("boom"), "unknown", false],
    ["thrown string", "boom", "unknown", false],
  ];

  it.each(cases)("%s → %s", (_name, err, kind, retryable) => {
    const classified = classifyError(err);
    expect(classified).toBeInstanceOf(ModelCallError);
    expect(classified.kind).toBe(kind);
    expect(classified.retryable).toBe(retryable);
  });

  it("keeps the HTTP status and the server's message", () => {
    const classified = classifyError(apiError(400, { message: "Invalid 'messages': empty array." }));
    expect(classified.status).toBe(400);
    expect(classified.message).toContain("Invalid 'messages': empty array.");
  });

  it("treats our own abort as safe to run again", () => {
    const classified = classifyError(new APIUserAbortError());
    expect(classified.kind).toBe("connection");
    expect(classified.message).toMatch(/aborted/);
  });

  it("passes a ModelCallError through unchanged", () => {
    const original = new ModelCallError("invalid_output", "not JSON");
    expect(classifyError(original)).toBe(original);
  });

  it("reads the wait from a 429's headers", () => {
    expect(classifyError(apiError(429, {}, { "retry-after-ms": "1500" })).retryAfterMs).toBe(1500);
    expect(classifyError(apiError(429, {}, { "retry-after": "3" })).retryAfterMs).toBe(3000);
    expect(classifyError(apiError(429)).retryAfterMs).toBeUndefined();
  });
});

/** The chain undici and the openai SDK build for a failed connection: APIConnectionError → TypeError → system error. */
function connectionError(code: string, message: string, extra: Record<string, unknown> = {}): APIConnectionError {
  const system = Object.assign(new Error(message), { code, ...extra });
  return new APIConnectionError({ cause: Object.assign(new TypeError("fetch failed"), { cause: system }) });
}

describe("classifyError: connection failures say where and why", () => {
  it("names the endpoint's host and the system error", () => {
    const err = connectionError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:9", { address: "127.0.0.1", port: 9 });
    const classified = classifyError(err, { baseURL: "http://127.0.0.1:9/v1" });
    expect(classified.kind).toBe("connection");
    expect(classified.message).toBe("Could not connect to 127.0.0.1:9 (ECONNREFUSED).");
  });

  it("names a host that does not resolve", () => {
    const err = connectionError("ENOTFOUND", "getaddrinfo ENOTFOUND llm.internal.example", { hostname: "llm.internal.example" });
    expect(classifyError(err, { baseURL: "https://llm.internal.example/v1" }).message).toBe("Could not connect to llm.internal.example (ENOTFOUND).");
  });

  it("falls back to the address in the cause when the endpoint is not given", () => {
    const err = connectionError("ECONNRESET", "read ECONNRESET", { address: "10.0.0.7", port: 8000 });
    expect(classifyError(err).message).toBe("Could not connect to 10.0.0.7:8000 (ECONNRESET).");
  });

  it("keeps an undici error's message beside its code, which alone says little", () => {
    const err = connectionError("UND_ERR_SOCKET", "other side closed");
    expect(classifyError(err, { baseURL: "http://10.0.0.7:8000/v1" }).message).toBe("Could not connect to 10.0.0.7:8000 (UND_ERR_SOCKET: other side closed).");
  });

  it("uses the innermost message when there is no error code", () => {
    const err = new APIConnectionError({ cause: Object.assign(new TypeError("fetch failed"), { cause: new Error("bad port") }) });
    expect(classifyError(err, { baseURL: "http://127.0.0.1:9/v1" }).message).toBe("Could not connect to 127.0.0.1:9 (bad port).");
  });

  it("names the host of a client timeout", () => {
    const classified = classifyError(new APIConnectionTimeoutError(), { baseURL: "https://api.openai.com/v1" });
    expect(classified.kind).toBe("timeout");
    expect(classified.message).toBe("The request to api.openai.com timed out.");
  });
});

describe("classifyError: secrets never reach a stored message", () => {
  it("redacts a key the provider echoes back", () => {
    const classified = classifyError(apiError(401, { message: "Incorrect API key provided: sk-live-0123456789abcdefXYZ." }));
    expect(classified.kind).toBe("auth");
    expect(classified.message).not.toContain("sk-live-0123456789abcdefXYZ");
    expect(classified.message).toContain("Incorrect API key provided");
  });

  it("redacts the key the call was made with, even one that looks like nothing in particular", () => {
    const key = "0f3c9a7e5b2d4c8a9e1f0a2b3c4d5e6f";
    const classified = classifyError(apiError(401, { message: `Access denied due to invalid subscription key ${key}.` }), { apiKey: key });
    expect(classified.message).toContain("Access denied due to invalid subscription key [redacted].");
  });

  it("redacts a bearer token in any model error", () => {
    expect(new ModelCallError("unknown", "sent Authorization: Bearer abc.def.ghi-jkl").message).not.toContain("abc.def.ghi-jkl");
  });
});

describe("retryAfterMsFrom", () => {
  it("prefers the precise retry-after-ms over retry-after seconds", () => {
    expect(retryAfterMsFrom(new Headers({ "retry-after-ms": "250.4", "retry-after": "1" }))).toBe(251);
  });

  it("understands an HTTP date", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(retryAfterMsFrom(new Headers({ "retry-after": "Wed, 01 Jan 2025 00:00:07 GMT" }), now)).toBe(7000);
  });

  it("ignores values it cannot read", () => {
    expect(retryAfterMsFrom(new Headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(retryAfterMsFrom(undefined)).toBeUndefined();
  });
});
