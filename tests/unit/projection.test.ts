// The full run's projection from its sample: a cost range from the sample's per-item spread and a
// time from its pace, its settings and known rate limits.
import { describe, expect, it } from "vitest";
import { projectFullRun, projectSeconds, type RunShape, type SampleMeasurements } from "@/lib/shared/projection";
import { outputTokensFrom, DEFAULT_OUTPUT_TOKENS } from "@/lib/server/runs/output-estimate";

// 50 items costing 10..59 thousand nano-dollars; batches of 20 at concurrency 5, 0.2 s each (0.01 s an item).
const sample: SampleMeasurements = {
  itemCostNanos: Array.from({ length: 50 }, (_, i) => (59 - i) * 1_000),
  latenciesMs: Array.from({ length: 50 }, () => 40),
  batches: [
    { size: 20, seconds: 0.2, gapSeconds: 0 },
    { size: 20, seconds: 0.2, gapSeconds: 0 },
    { size: 10, seconds: 0.1, gapSeconds: null },
  ],
  delayMs: 0,
  batchSize: 20,
  concurrency: 5,
  tokensPerItem: 100,
};
const full: RunShape = { toSend: 1_000, batchSize: 20, concurrency: 5, delayMs: 0, rpm: null, tpm: null };

describe("projectFullRun", () => {
  it("prices the rows sent between the sample's 10th and 90th percentile cost per item", () => {
    const projection = projectFullRun(sample, full);
    // Nearest rank: p10 of 10..59 is the 5th value (14), p90 the 45th (54).
    expect(projection).toMatchObject({ usdLow: 0.014, usdHigh: 0.054, measuredItems: 50 });
  });

  it("has nothing to say without an answered item", () => {
    expect(projectFullRun({ ...sample, itemCostNanos: [] }, full)).toBeNull();
  });

  it("costs nothing and takes no time when the pre-filter leaves no row", () => {
    expect(projectFullRun(sample, { ...full, toSend: 0 })).toMatchObject({ usdLow: 0, usdHigh: 0, seconds: 0 });
  });
});

describe("projectSeconds", () => {
  it("goes at the sample's typical measured pace per item when the batch size and concurrency are the same", () => {
    expect(projectSeconds(sample, full)).toBeCloseTo(10, 5);
    // A first batch slow to warm up does not make the whole run look slow.
    const cold = { ...sample, batches: [{ size: 20, seconds: 3, gapSeconds: 0 }, ...sample.batches] };
    expect(projectSeconds(cold, full)).toBeCloseTo(10, 5);
  });

  it("counts the typical step between batches, leaving out the sample's own delay and a gap a pause made long", () => {
    const withGaps: SampleMeasurements = {
      ...sample,
      delayMs: 500,
      batches: [
        { size: 20, seconds: 0.2, gapSeconds: 0.52 },
        { size: 20, seconds: 0.2, gapSeconds: 0.52 },
        { size: 20, seconds: 0.2, gapSeconds: 60 },
        { size: 20, seconds: 0.2, gapSeconds: null },
      ],
    };
    // 0.2 s a batch of 20, and a step of 0.02 s after each: 0.011 s an item.
    expect(projectSeconds(withGaps, full)).toBeCloseTo(11, 5);
  });

  it("adds the delay between batches (not after the last)", () => {
    // 50 batches: 49 delays of 1 s.
    expect(projectSeconds(sample, { ...full, delayMs: 1_000 })).toBeCloseTo(10 + 49, 5);
  });

  it("falls back to latency in waves of `concurrency` calls when the settings differ from the sample's", () => {
    // Batches of 10 at concurrency 10: one wave of 40 ms per 10 items.
    expect(projectSeconds(sample, { ...full, batchSize: 10, concurrency: 10 })).toBeCloseTo((1_000 / 10) * 0.04, 5);
  });

  it("is never faster than a known requests- or tokens-per-minute limit allows", () => {
    expect(projectSeconds(sample, { ...full, rpm: 600 })).toBeCloseTo(100, 5);
    // 1,000 items × 100 tokens at 10,000 tokens a minute: 10 minutes.
    expect(projectSeconds(sample, { ...full, tpm: 10_000 })).toBeCloseTo(600, 5);
  });
});

describe("output tokens reserved per item by the budget check", () => {
  it("is the p95 of measured answers, capped by max_tokens", () => {
    const measured = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(outputTokensFrom(measured, null)).toMatchObject({ reservePerItem: 95, averagePerItem: 51, basis: "sample", answers: 100 });
    expect(outputTokensFrom(measured, 60)).toMatchObject({ reservePerItem: 60, basis: "sample" });
  });

  it("is max_tokens without a measurement, else the documented default", () => {
    expect(outputTokensFrom([], 300)).toMatchObject({ reservePerItem: 300, basis: "max_tokens" });
    expect(outputTokensFrom([], null)).toMatchObject({ reservePerItem: DEFAULT_OUTPUT_TOKENS, basis: "default" });
  });
});
