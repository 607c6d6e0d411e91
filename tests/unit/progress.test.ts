// The progress line ("Batch 3/104 complete. …"), and the time-remaining estimate behind it.
import { describe, expect, it } from "vitest";
import { estimateSecondsRemaining, progressLine, type ItemCounts } from "@/lib/server/runs/progress";

const counts = (c: Partial<ItemCounts>): ItemCounts => ({ pending: 0, processing: 0, completed: 0, failed: 0, needs_review: 0, skipped: 0, ...c });

describe("progressLine", () => {
  it("reads like the documented example", () => {
    const line = progressLine(counts({ completed: 717, failed: 3, pending: 9_280 }), { pass: 0, batch: 15, batchCount: 200 }, 2_700);
    expect(line).toBe("Batch 15/200 complete. 720/10,000 items processed. 3 failures so far. Estimated time remaining: 45 minutes.");
  });

  it("names the retry pass, says one failure in the singular, and drops the estimate when nothing remains", () => {
    const line = progressLine(counts({ completed: 59, needs_review: 1 }), { pass: 2, batch: 1, batchCount: 1 }, 0);
    expect(line).toBe("Retry pass 2: batch 1/1 complete. 60/60 items processed. 1 failure so far.");
  });

  it("has no estimate before there is a pace to go on", () => {
    expect(progressLine(counts({ pending: 10 }), { pass: 0, batch: 1, batchCount: 1 }, null)).toBe(
      "Batch 1/1 complete. 0/10 items processed. 0 failures so far.",
    );
  });
});

describe("estimateSecondsRemaining", () => {
  const startedAt = new Date("2026-01-01T00:00:00Z");
  const now = new Date("2026-01-01T00:01:40Z"); // 100 s in

  it("extrapolates the pace of answered items over what is left, failures awaiting a retry included", () => {
    // 100 answered in 100 s; 150 unsent and 50 failed remain.
    expect(estimateSecondsRemaining(counts({ completed: 50, failed: 50, pending: 150 }), startedAt, now)).toBe(200);
  });

  it("does not count pre-filtered items towards the pace", () => {
    expect(estimateSecondsRemaining(counts({ completed: 100, skipped: 900, pending: 100 }), startedAt, now)).toBe(100);
  });

  it("is unknown before the first answer or before the start", () => {
    expect(estimateSecondsRemaining(counts({ skipped: 5, pending: 5 }), startedAt, now)).toBeNull();
    expect(estimateSecondsRemaining(counts({ completed: 5 }), null, now)).toBeNull();
  });
});
