// The endpoint limiter's queue order on a fake clock: stream items first, then runs by priority,
// first come first served within a level, and aging that lets bulk work through under constant pressure.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  AGING_MS_PER_LEVEL,
  EndpointRateLimiter,
  STREAM_CLASS_LEVELS,
  effectiveLevel,
  type RequestPriority,
} from "@/lib/server/llm/rate-limiter";
import { MIN_CAPACITY } from "@/lib/server/llm/token-bucket";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

const stream = (level = 0): RequestPriority => ({ class: "stream", level });
const run = (level = 0): RequestPriority => ({ class: "run", level });

/** A limiter that grants one request per second (60 RPM) once its first burst is used up. */
async function busyLimiter() {
  const limiter = new EndpointRateLimiter({ limits: { rpm: 61.3 } }); // ≈ 1 per second after the 2 % margin
  for (let i = 0; i < MIN_CAPACITY; i++) (await limiter.acquire()).done({ ok: true });
  return limiter;
}

/** Queues named acquisitions; `order` lists names as their permits arrive (each answered at once). */
function queueAll(limiter: EndpointRateLimiter, order: string[], waiters: [string, RequestPriority | undefined][]) {
  return waiters.map(([name, priority]) =>
    limiter.acquire(priority ? { priority } : {}).then((permit) => {
      order.push(name);
      permit.done({ ok: true });
    }),
  );
}

describe("priority", () => {
  it("grants stream items first, then runs by level, and first come first served within a level", async () => {
    const limiter = await busyLimiter();
    const order: string[] = [];
    queueAll(limiter, order, [
      ["run 0 first", run(0)],
      ["run 50", run(50)],
      ["stream -100", stream(-100)],
      ["no priority (run 0)", undefined],
      ["run -100", run(-100)],
      ["stream 10", stream(10)],
      ["run 100", run(100)],
      ["run 0 last", run(0)],
    ]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(order).toEqual(["stream 10", "stream -100", "run 100", "run 50", "run 0 first", "no priority (run 0)", "run 0 last", "run -100"]);
  });

  it("ages a waiter one level per AGING_MS_PER_LEVEL: a request that waited long goes before a fresh one a little above it", async () => {
    const limiter = await busyLimiter();
    const order: string[] = [];
    queueAll(limiter, order, [["run 0, early", run(0)]]);
    // Stream items hold the queue for about five seconds, so the first waiter ages meanwhile.
    queueAll(limiter, order, Array.from({ length: 5 }, (_, i): [string, RequestPriority] => [`blocker ${i + 1}`, stream(0)]));
    await vi.advanceTimersByTimeAsync(5 * AGING_MS_PER_LEVEL + 10);
    expect(order).toEqual(["blocker 1", "blocker 2"]);
    // Arriving 2.5 s later at +4: the early waiter has aged to about +5.
    queueAll(limiter, order, [["run 4, late", run(4)], ["run 6, late", run(6)]]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(order.slice(5)).toEqual(["run 6, late", "run 0, early", "run 4, late"]);
    expect(effectiveLevel(run(0), 2_500)).toBe(5);
    expect(effectiveLevel(stream(-100), 0)).toBe(STREAM_CLASS_LEVELS - 100);
    expect(effectiveLevel(run(500), 0)).toBe(100); // clamped to the range
  });

  it("lets a low-priority run through under a constant flow of high-priority requests: slowed, never starved", async () => {
    const limiter = await busyLimiter();
    const order: string[] = [];
    const low = limiter.acquire({ priority: run(-100) }).then((permit) => {
      order.push("low");
      permit.done({ ok: true });
      return Date.now();
    });
    const start = Date.now();
    // Two run-100 requests a second against a limit of one a second: the queue of high ones never empties.
    let high = 0;
    for (let t = 0; t < 300_000 && !order.includes("low"); t += 500) {
      queueAll(limiter, order, [[`high ${++high}`, run(100)]]);
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(order).toContain("low");
    const waited = (await low) - start;
    // 200 levels apart, the low one goes once the oldest high one waiting arrived 100 s after it. The
    // high ones are granted oldest first at one a second while two arrive, so that is at about 200 s.
    const levelsApart = 200;
    expect(waited).toBeGreaterThan(2 * levelsApart * AGING_MS_PER_LEVEL - 2_000);
    expect(waited).toBeLessThan(2 * levelsApart * AGING_MS_PER_LEVEL + 2_000);
    // The high ones still waiting then all arrived after the low one had aged past them.
    expect(limiter.stats().waiting).toBeGreaterThan(150);
  });

  it("takes a waiter from the middle of the queue when its caller gives up", async () => {
    const limiter = await busyLimiter();
    const order: string[] = [];
    const controller = new AbortController();
    queueAll(limiter, order, [["run 10", run(10)]]);
    const middle = limiter.acquire({ priority: run(5), signal: controller.signal });
    queueAll(limiter, order, [["run 0", run(0)]]);
    controller.abort();
    await expect(middle).rejects.toMatchObject({ name: "AbortError" });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(order).toEqual(["run 10", "run 0"]);
    expect(limiter.stats().waiting).toBe(0);
  });
});
