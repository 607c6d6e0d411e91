// Per-batch charts bin their batches past MAX_BATCH_BARS, so 112 batches are 56 bars of 2, not a solid wall.
import { describe, expect, it } from "vitest";
import { binBatches, MAX_BATCH_BARS } from "@/components/runs/charts/batch-bins";
import type { BatchRow } from "@/lib/shared/api-types";

function batch(pass: number, number: number, ok: number, failed: number, costUsd = 0.01): BatchRow {
  return { pass, number, size: ok + failed, ok, failed, costUsd, startedAt: null, finishedAt: null };
}

const firstPass = (n: number) => Array.from({ length: n }, (_, i) => batch(0, i + 1, 18, 2));

describe("binBatches", () => {
  it("keeps one bar per batch up to the limit", () => {
    const { bins, perBin } = binBatches(firstPass(MAX_BATCH_BARS));
    expect(perBin).toBe(1);
    expect(bins).toHaveLength(60);
    expect(bins[0]).toMatchObject({ label: "1", batches: 1, ok: 18, failed: 2, errorRate: 10, worstErrorRate: 10 });
  });

  it("draws 112 batches as 56 bars of 2, labelled by their range, with sums and the worst batch", () => {
    const batches = firstPass(112);
    batches[2] = batch(0, 3, 5, 15, 0.02);
    const { bins, perBin } = binBatches(batches);
    expect(perBin).toBe(2);
    expect(bins).toHaveLength(56);
    expect(bins.map((b) => b.label).slice(0, 3)).toEqual(["1–2", "3–4", "5–6"]);
    expect(bins.at(-1)?.label).toBe("111–112");
    // Batches 3 (5 ok, 15 failed) and 4 (18 ok, 2 failed): 17 of 40 failed; the worst batch 75 %.
    expect(bins[1]).toMatchObject({ batches: 2, ok: 23, failed: 17, errorRate: 42.5, worstErrorRate: 75 });
    expect(bins[1]?.costUsd).toBeCloseTo(0.03);
  });

  it("never mixes passes in a bar, and still fits the limit with part-filled bars at pass ends", () => {
    const batches = [...firstPass(119), batch(1, 1, 3, 1), batch(1, 2, 2, 0), batch(1, 3, 1, 1), batch(2, 1, 0, 1)];
    const { bins } = binBatches(batches);
    expect(bins.length).toBeLessThanOrEqual(MAX_BATCH_BARS);
    const retry = bins.filter((b) => b.label.startsWith("R"));
    expect(retry.map((b) => b.label)).toEqual(["R1·1–3", "R2·1"]);
    expect(retry[0]).toMatchObject({ ok: 6, failed: 2, errorRate: 25, worstErrorRate: 50 });
    expect(bins.reduce((sum, b) => sum + b.batches, 0)).toBe(123);
  });

  it("orders batches by pass and number whatever order they come in, and has no bars for no batches", () => {
    const { bins } = binBatches([batch(1, 1, 1, 0), batch(0, 2, 1, 0), batch(0, 1, 1, 0)]);
    expect(bins.map((b) => b.label)).toEqual(["1", "2", "R1·1"]);
    expect(binBatches([]).bins).toEqual([]);
  });
});
