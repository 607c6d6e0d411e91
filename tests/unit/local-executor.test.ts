// The local executor's queue order: priority first, aged so low priority is never starved.
import { describe, expect, it, vi } from "vitest";
import { LocalExecutor } from "@/lib/server/runs/local-executor";

/** An executor whose slots are all taken, so enqueued runs wait and their order can be read. */
function busyExecutor(): LocalExecutor {
  const executor = new LocalExecutor();
  vi.spyOn(executor as unknown as { pump: () => void }, "pump").mockImplementation(() => undefined);
  return executor;
}

describe("LocalExecutor queue", () => {
  it("starts waiting runs in priority order, first come first served within a priority", () => {
    vi.useFakeTimers({ now: 0 });
    const executor = busyExecutor();
    executor.enqueue("low", -5);
    executor.enqueue("normal-1", 0);
    executor.enqueue("high", 10);
    executor.enqueue("normal-2", 0);
    expect(executor.queuedRunIds()).toEqual(["high", "normal-1", "normal-2", "low"]);
    vi.useRealTimers();
  });

  it("ages waiting runs one point a minute, so a stream of higher-priority runs cannot starve a low one", () => {
    vi.useFakeTimers({ now: 0 });
    const executor = busyExecutor();
    executor.enqueue("low", 0);
    vi.setSystemTime(9 * 60_000);
    executor.enqueue("high-a", 10);
    expect(executor.queuedRunIds()).toEqual(["high-a", "low"]);
    // Eleven minutes in, the low run (0 + 11) outranks a newly arrived priority-10 run.
    vi.setSystemTime(11 * 60_000);
    executor.enqueue("high-b", 10);
    expect(executor.queuedRunIds()).toEqual(["high-a", "low", "high-b"]);
    vi.useRealTimers();
  });

  it("does not queue the same run twice", () => {
    const executor = busyExecutor();
    executor.enqueue("a", 0);
    executor.enqueue("a", 5);
    expect(executor.queuedRunIds()).toEqual(["a"]);
  });
});
