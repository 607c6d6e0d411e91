// The progress sentence and the time-remaining estimate behind it: pre-filtered items apart and
// outside the share, failure counts that never go down, a smoothed pace that ignores paused time.
import { describe, expect, it } from "vitest";
import {
  estimateSecondsRemaining,
  progressFacts,
  progressLine,
  smoothedSecondsPerItem,
  type BatchTiming,
  type ItemCounts,
  type ProgressState,
} from "@/lib/server/runs/progress";

const counts = (c: Partial<ItemCounts>): ItemCounts => ({ pending: 0, processing: 0, completed: 0, failed: 0, needs_review: 0, skipped: 0, ...c });

/** A run row as progressFacts reads it. */
function runRow(c: Partial<ItemCounts>, extra: { duplicateCount?: number; cachedCount?: number; tooShortCount?: number; status?: string; pauseKind?: string | null } = {}) {
  const all = counts(c);
  return {
    pendingCount: all.pending,
    processingCount: all.processing,
    completedCount: all.completed,
    failedCount: all.failed,
    needsReviewCount: all.needs_review,
    skippedCount: all.skipped,
    totalItems: Object.values(all).reduce((a, b) => a + b, 0),
    duplicateCount: extra.duplicateCount ?? 0,
    cachedCount: extra.cachedCount ?? 0,
    tooShortCount: extra.tooShortCount ?? 0,
    status: extra.status ?? "running",
    pauseKind: extra.pauseKind ?? null,
  };
}

const running = (position: ProgressState["position"], etaSeconds: number | null): ProgressState => ({
  position,
  ended: false,
  paused: null,
  totalBatches: 104,
  etaSeconds,
});

describe("progressLine", () => {
  it("starts a full run at 0 %, with the pre-filtered rows told apart", () => {
    // leads.csv: 2,080 rows, 783 removed by the pre-filter before anything is sent.
    const facts = progressFacts(runRow({ pending: 1_297, skipped: 783 }, { duplicateCount: 729, cachedCount: 45, tooShortCount: 9 }), 0);
    expect(facts).toMatchObject({ toSend: 1_297, done: 0, percent: 0, prefiltered: { total: 783, duplicates: 729, cached: 45, tooShort: 9 } });
    expect(progressLine(facts, running(null, null))).toBe(
      "Waiting to start. 0 of 1,297 items done. No failures so far. 783 skipped before sending: 729 duplicates, 45 cached, 9 too short.",
    );
  });

  it("reads like the documented example mid-run", () => {
    const facts = progressFacts(runRow({ completed: 717, failed: 3, pending: 9_280 }), 3);
    expect(progressLine(facts, running({ pass: 0, batch: 15, batchCount: 200 }, 2_700))).toBe(
      "Batch 15/200 complete. 717 of 10,000 items done. 3 failed at least once; 3 still failing. Estimated time remaining: 45 minutes.",
    );
  });

  it("keeps counting items that failed once after retries fixed them", () => {
    // 61 items failed in the first pass; retries and review settled all of them.
    const facts = progressFacts(runRow({ completed: 60 }), 61);
    expect(facts).toMatchObject({ failedOnce: 61, stillFailing: 0, done: 60, percent: 100 });
    expect(progressLine(facts, { ...running({ pass: 2, batch: 1, batchCount: 1 }, 0), ended: true })).toBe(
      "Retry pass 2: batch 1/1 complete. 60 of 60 items done. 61 failed at least once; 0 still failing.",
    );
  });

  it("says one item in the singular", () => {
    const facts = progressFacts(runRow({ pending: 1 }), 0);
    expect(progressLine(facts, running({ pass: 0, batch: 1, batchCount: 1 }, null))).toBe("Batch 1/1 complete. 0 of 1 item done. No failures so far.");
  });

  it("names what a budget stop left unsent, leaves the share short of full, and counts nothing as skipped for it", () => {
    const facts = progressFacts(runRow({ completed: 417, pending: 880 }, { status: "paused", pauseKind: "budget" }), 0);
    expect(facts).toMatchObject({ toSend: 1_297, done: 417, unsent: { items: 880, retries: 0 } });
    expect(facts.percent).toBeCloseTo(32.15, 1);
    expect(progressLine(facts, { ...running({ pass: 0, batch: 21, batchCount: 65 }, 120), paused: "budget" })).toBe(
      "Batch 21/65 complete. 417 of 1,297 items done. No failures so far. Stopped by budget: 880 items not sent.",
    );
  });

  it("shows no countdown while paused", () => {
    const facts = progressFacts(runRow({ completed: 10, pending: 10 }, { status: "paused", pauseKind: "person" }), 0);
    expect(progressLine(facts, { ...running({ pass: 0, batch: 1, batchCount: 2 }, 60), paused: "person" })).toBe(
      "Batch 1/2 complete. 10 of 20 items done. No failures so far. Paused.",
    );
  });
});

describe("the ETA", () => {
  const settings = { batchSize: 10, delayMs: 0 };
  /** Consecutive batches of 10 taking these seconds each, starting at `from` seconds, `gap` seconds apart. */
  function batches(seconds: number[], gap = 0, from = 0): BatchTiming[] {
    let at = from * 1000;
    return seconds.map((s) => {
      const batch = { size: 10, startedAt: new Date(at), finishedAt: new Date(at + s * 1000) };
      at += (s + gap) * 1000;
      return batch;
    });
  }

  it("extrapolates the recent pace over what awaits the model, failures due for a retry included", () => {
    // 1 s per item; 150 unsent and 50 failed remain.
    expect(estimateSecondsRemaining(counts({ completed: 50, failed: 50, pending: 150 }), batches([10, 10]), settings)).toBe(200);
  });

  it("smooths: one slow batch moves the estimate part of the way, and the newest batches weigh most", () => {
    const steady = smoothedSecondsPerItem(batches([10, 10, 10, 10]));
    const oneSlow = smoothedSecondsPerItem(batches([10, 10, 10, 40]));
    expect(steady).toBeCloseTo(1, 9);
    // EWMA with α = 0.3: 0.3 × 4 s + 0.7 × 1 s per item.
    expect(oneSlow).toBeCloseTo(1.9, 9);
    // A slow batch eight batches ago is mostly forgotten: 1 + 3 × 0.7⁸ s per item.
    expect(smoothedSecondsPerItem(batches([40, 10, 10, 10, 10, 10, 10, 10, 10]))).toBeCloseTo(1 + 3 * 0.7 ** 8, 9);
  });

  it("does not count paused time: a long pause between batches leaves the estimate as it was", () => {
    const remaining = counts({ completed: 30, pending: 70 });
    const withoutPause = estimateSecondsRemaining(remaining, batches([10, 12, 11]), settings);
    const withPause = estimateSecondsRemaining(remaining, batches([10, 12, 11], 3_600), settings);
    expect(withPause).toBe(withoutPause);
  });

  it("adds the configured delay between the batches still to come", () => {
    // 70 items = 7 batches, 6 delays of 5 s after the 70 s of calls.
    expect(estimateSecondsRemaining(counts({ completed: 30, pending: 70 }), batches([10]), { batchSize: 10, delayMs: 5_000 })).toBe(100);
  });

  it("is unknown before the first batch finishes, and zero when nothing remains", () => {
    expect(estimateSecondsRemaining(counts({ pending: 5 }), [], settings)).toBeNull();
    expect(estimateSecondsRemaining(counts({ pending: 5 }), [{ size: 10, startedAt: new Date(0), finishedAt: null }], settings)).toBeNull();
    expect(estimateSecondsRemaining(counts({ completed: 5 }), batches([10]), settings)).toBe(0);
  });
});
