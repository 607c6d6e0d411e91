// The webhook signature a receiver checks, and the retry schedule that spans a day.
import { describe, expect, it } from "vitest";
import { retryDelayMs, signBody, WEBHOOK_RETRY_WINDOW_MS } from "@/lib/server/streams/webhooks";
import { percentile } from "@/lib/server/streams/stats";

describe("webhook signatures and retries", () => {
  it("signs the raw body with HMAC-SHA256 as sha256=<hex> (RFC 4231 test case 2)", () => {
    expect(signBody("Jefe", "what do ya want for nothing?")).toBe("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  });

  it("waits 5 s, then three times longer each time, never more than an hour, with at most 10 % jitter", () => {
    const none = () => 0;
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelayMs(n, none) / 1000)).toEqual([5, 15, 45, 135, 405, 1215, 3600, 3600]);
    expect(retryDelayMs(1, () => 0.999)).toBeLessThanOrEqual(5_500);
  });

  it("tries about thirty times before a day is over", () => {
    let elapsed = 0;
    let tries = 1;
    while (elapsed + retryDelayMs(tries, () => 0) <= WEBHOOK_RETRY_WINDOW_MS) elapsed += retryDelayMs(tries++, () => 0);
    expect(tries).toBeGreaterThan(20);
    expect(tries).toBeLessThan(40);
  });
});

describe("nearest-rank percentiles of arrival-to-result times", () => {
  it("reads p50 and p95 from sorted values, null for none", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.95)).toBe(95);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });
});
