// The endpoint rate limiter on a fake clock: bucket refill, learning from headers, retry-after pauses, AIMD.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AdaptiveWindow, INITIAL_WINDOW } from "@/lib/server/llm/adaptive-window";
import { EndpointRateLimiter, rateLimiterFor, rateLimiterKey, type Permit } from "@/lib/server/llm/rate-limiter";
import { BURST_MS, MIN_CAPACITY, PACING_MARGIN, TokenBucket } from "@/lib/server/llm/token-bucket";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Starts `count` acquisitions and records which have been granted. */
function acquireMany(limiter: EndpointRateLimiter, count: number, estimatedTokens = 0) {
  const permits: Permit[] = [];
  const pending = Array.from({ length: count }, () => limiter.acquire({ estimatedTokens }).then((p) => permits.push(p)));
  return { permits, all: Promise.all(pending) };
}

const flush = () => vi.advanceTimersByTimeAsync(0);
const ok = { ok: true } as const;

describe("TokenBucket", () => {
  it("starts a configured limit with a short burst, then refills at the limit less the margin", () => {
    const bucket = new TokenBucket(() => Date.now(), 6000);
    const rate = (6000 * (1 - PACING_MARGIN)) / 60_000;
    expect(bucket.capacity).toBeCloseTo(rate * BURST_MS);
    for (let i = 0; i < 9; i++) {
      expect(bucket.waitMs(1)).toBe(0);
      bucket.take(1);
    }
    expect(bucket.waitMs(1)).toBe(Math.ceil((1 - (bucket.capacity - 9)) / rate));
    vi.advanceTimersByTime(60_000);
    expect(bucket.waitMs(1)).toBe(0);
    bucket.take(100); // a big request makes a debt the next ones wait out
    expect(bucket.waitMs(1)).toBe(Math.ceil((100 - bucket.capacity + 1) / rate));
    expect(new TokenBucket(() => Date.now(), 60).capacity).toBe(MIN_CAPACITY);
  });

  it("holds nothing back while the limit is unknown, and learns it from headers", () => {
    const bucket = new TokenBucket(() => Date.now());
    expect([bucket.limit, bucket.waitMs(1_000_000)]).toEqual([null, 0]);
    bucket.learn({ limit: 1200, remaining: 3, resetMs: 150 }, 1);
    expect(bucket.limit).toBe(1200);
    bucket.take(2);
    // The server said 3 left with 1 of ours still uncounted: the third must wait for refill.
    expect(bucket.waitMs(1)).toBeGreaterThan(0);
  });

  it("waits for the reset the endpoint names when it says nothing is left, at most MAX_RESET_HOLD_MS", () => {
    const bucket = new TokenBucket(() => Date.now(), 6000);
    bucket.learn({ limit: 6000, remaining: 0, resetMs: 2_500 }, 0);
    expect(bucket.waitMs(1)).toBe(2_500);
    bucket.learn({ limit: 6000, remaining: 0, resetMs: 60_000 }, 0);
    expect(bucket.waitMs(1)).toBe(5_000);
  });
});

describe("AdaptiveWindow", () => {
  it("doubles per round trip at first, halves once per burst of 429s, then grows by one per window of successes", () => {
    const window = new AdaptiveWindow();
    expect(window.size).toBe(INITIAL_WINDOW);
    for (let i = 0; i < 12; i++) window.onSuccess(true, 0);
    expect(window.size).toBe(16);
    window.onSuccess(false, 0); // not the bottleneck: no growth
    expect(window.size).toBe(16);

    expect(window.onRateLimited(20, 30, 15, 1_000)).toBe(true);
    expect(window.size).toBe(8);
    // Other 429s from requests granted before the cut are the same congestion.
    expect(window.onRateLimited(25, 30, 10, 1_001)).toBe(false);
    expect(window.size).toBe(8);

    for (let i = 0; i < 7; i++) window.onSuccess(true, 2_000);
    expect(window.size).toBe(8);
    window.onSuccess(true, 2_000);
    expect(window.size).toBe(9);
    // A 429 from a request granted after the cut cuts again, from what was really in flight.
    expect(window.onRateLimited(31, 40, 3, 3_000)).toBe(true);
    expect(window.size).toBe(2);
    // Clear for long enough: fast growth again.
    window.onSuccess(true, 40_000);
    window.onSuccess(true, 40_000);
    expect(window.size).toBe(4);
  });
});

describe("EndpointRateLimiter", () => {
  it("paces a configured request budget: a burst of two, then the refill rate", async () => {
    const limiter = new EndpointRateLimiter({ limits: { rpm: 600 } });
    const { permits } = acquireMany(limiter, 60);
    await flush();
    expect(permits).toHaveLength(MIN_CAPACITY);
    for (let t = 0; t < 3_000; t += 100) {
      permits.forEach((p) => p.done(ok));
      await vi.advanceTimersByTimeAsync(100);
    }
    // 9.8 per second: 29 in three seconds after the first two.
    expect(permits.length - MIN_CAPACITY).toBeGreaterThanOrEqual(28);
    expect(permits.length - MIN_CAPACITY).toBeLessThanOrEqual(30);
  });

  it("learns the limits from the first answers and paces by tokens too", async () => {
    const limiter = new EndpointRateLimiter();
    const { permits } = acquireMany(limiter, 100, 100);
    await flush();
    expect(permits).toHaveLength(INITIAL_WINDOW);
    expect(limiter.stats()).toMatchObject({ rpm: null, tpm: null });
    const headers = { limit: 10_000, remaining: 9_996, resetMs: 24, tokens: { limit: 60_000, remaining: 59_600, resetMs: 400 } };
    permits[0]?.done({ ok: true, rateLimit: headers, tokensUsed: 100 });
    await flush();
    expect(limiter.stats()).toMatchObject({ rpm: 10_000, tpm: 60_000 });
    // 10k RPM would allow ~163 a second; 60k TPM at 100 tokens each allows 9.8.
    const answerEvery100ms = async (ms: number) => {
      for (let t = 0; t < ms; t += 100) {
        permits.forEach((p) => p.done({ ok: true, tokensUsed: 100 }));
        await vi.advanceTimersByTimeAsync(100);
      }
    };
    await answerEvery100ms(1_000);
    const afterFirstSecond = permits.length;
    expect(afterFirstSecond).toBeGreaterThanOrEqual(INITIAL_WINDOW + 8);
    expect(afterFirstSecond).toBeLessThanOrEqual(INITIAL_WINDOW + 11);
    await answerEvery100ms(2_000);
    expect(permits.length - afterFirstSecond).toBeGreaterThanOrEqual(18);
    expect(permits.length - afterFirstSecond).toBeLessThanOrEqual(21);
  });

  it("charges what a request really used, so underestimates slow the next ones down", async () => {
    const limiter = new EndpointRateLimiter({ limits: { tpm: 60_000 } }); // 980 tokens/s, a burst of 98
    const first = await limiter.acquire({ estimatedTokens: 10 });
    first.done({ ok: true, tokensUsed: 2_000 });
    // 98 − 2,000 leaves a debt of 1,902 tokens; the next request (10 + the learned 20 % of the 1,990
    // missed = 408 tokens, more than the bucket holds) waits for a full bucket: 2,000 tokens, ~2,041 ms.
    const { permits } = acquireMany(limiter, 1, 10);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(permits).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(permits).toHaveLength(1);
  });

  it("pauses new acquisitions for retry-after (plus a little jitter), leaves those in flight alone, and other endpoints too", async () => {
    const limiter = new EndpointRateLimiter({ random: () => 1 });
    const [a, b] = [await limiter.acquire(), await limiter.acquire()];
    a.done({ ok: false, rateLimited: true, retryAfterMs: 3_000 });
    expect(limiter.stats()).toMatchObject({ rateLimited: 1, inFlight: 1 });
    expect(limiter.stats().pausedForMs).toBe(3_000 + 300); // 10 % jitter at random() = 1

    const other = new EndpointRateLimiter();
    await expect(other.acquire()).resolves.toBeDefined();

    const { permits } = acquireMany(limiter, 1);
    b.done(ok); // still in flight when the 429 came: it finishes normally
    await vi.advanceTimersByTimeAsync(3_299);
    expect(permits).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2);
    expect(permits).toHaveLength(1);
  });

  it("backs off exponentially when 429s carry no retry-after", async () => {
    const limiter = new EndpointRateLimiter({ random: () => 0 });
    (await limiter.acquire()).done({ ok: false, rateLimited: true });
    expect(limiter.stats().pausedForMs).toBe(1_000);
    await vi.advanceTimersByTimeAsync(1_000);
    (await limiter.acquire()).done({ ok: false, rateLimited: true });
    expect(limiter.stats().pausedForMs).toBe(2_000);
  });

  it("halves the concurrency on a 429 and grows it back after successes", async () => {
    const limiter = new EndpointRateLimiter();
    const { permits } = acquireMany(limiter, 200);
    // Slow start: each answer lets two more go.
    for (let round = 0; round < 3; round++) {
      await flush();
      permits.splice(0).forEach((p) => p.done(ok));
    }
    await flush();
    expect(limiter.stats()).toMatchObject({ window: 32, inFlight: 32 });

    permits.shift()?.done({ ok: false, rateLimited: true, retryAfterMs: 10 });
    expect(limiter.stats().window).toBe(16);
    permits.shift()?.done({ ok: false, rateLimited: true, retryAfterMs: 10 }); // same burst: no second cut
    expect(limiter.stats().window).toBe(16);
    await vi.advanceTimersByTimeAsync(100);
    expect(limiter.stats().inFlight).toBe(30); // above the new window: nothing new goes until answers come

    // 30 answers while the window is full: +1 after the first 16 (one window's worth).
    permits.splice(0).forEach((p) => p.done(ok));
    await flush();
    expect(limiter.stats()).toMatchObject({ inFlight: 17, window: 17 });
    for (let i = 0; i < 3; i++) {
      permits.shift()?.done(ok);
      await flush();
    }
    expect(limiter.stats().window).toBe(18); // 14 + 3 more reached a window of 17
  });

  it("rejects an aborted acquisition and lets the next waiter through", async () => {
    const limiter = new EndpointRateLimiter({ limits: { rpm: 60 } }); // ~one per second after a burst of two
    const controller = new AbortController();
    (await limiter.acquire()).done(ok);
    (await limiter.acquire()).done(ok);
    const waiting = limiter.acquire({ signal: controller.signal });
    const next = acquireMany(limiter, 1);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
    await vi.advanceTimersByTimeAsync(1_100);
    expect(next.permits).toHaveLength(1);
    await expect(limiter.acquire({ signal: AbortSignal.abort() })).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("the registry", () => {
  it("shares one limiter per endpoint and key, and never keeps the key itself", () => {
    const endpoint = { baseURL: "http://sim.test/v1", apiKey: "sk-secret-1" };
    expect(rateLimiterFor(endpoint)).toBe(rateLimiterFor({ ...endpoint, baseURL: "http://sim.test/v1/" }));
    expect(rateLimiterFor(endpoint)).not.toBe(rateLimiterFor({ ...endpoint, apiKey: "sk-secret-2" }));
    expect(rateLimiterFor(endpoint)).not.toBe(rateLimiterFor({ ...endpoint, baseURL: "http://other.test/v1" }));
    expect(rateLimiterKey(endpoint)).not.toContain("secret");
  });
});
