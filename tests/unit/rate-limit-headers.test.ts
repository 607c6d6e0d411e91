import { describe, expect, it } from "vitest";
import { parseDuration, rateLimitSnapshot } from "@/lib/server/llm/rate-limit-headers";

describe("rate-limit headers", () => {
  it("reads OpenAI's reset durations", () => {
    expect(parseDuration("20ms")).toBe(20);
    expect(parseDuration("1.2s")).toBe(1200);
    expect(parseDuration("6m0s")).toBe(360_000);
    expect(parseDuration("1h2m3s")).toBe(3_723_000);
    expect(parseDuration("soon")).toBeNull();
  });

  it("summarises the request budget, or says there is none", () => {
    const headers = new Headers({ "x-ratelimit-limit-requests": "500", "x-ratelimit-remaining-requests": "499", "x-ratelimit-reset-requests": "120ms" });
    expect(rateLimitSnapshot(headers)).toEqual({ limit: 500, remaining: 499, resetMs: 120 });
    expect(rateLimitSnapshot(new Headers({ "content-type": "application/json" }))).toBeNull();
  });

  it("reads the token budget beside the request budget", () => {
    const headers = new Headers({
      "x-ratelimit-limit-requests": "500",
      "x-ratelimit-limit-tokens": "60000",
      "x-ratelimit-remaining-tokens": "59000",
      "x-ratelimit-reset-tokens": "1s",
    });
    expect(rateLimitSnapshot(headers)).toEqual({
      limit: 500,
      remaining: null,
      resetMs: null,
      tokens: { limit: 60_000, remaining: 59_000, resetMs: 1000 },
    });
    expect(rateLimitSnapshot(new Headers({ "x-ratelimit-limit-tokens": "10" }))).toMatchObject({ limit: null, tokens: { limit: 10 } });
  });
});
