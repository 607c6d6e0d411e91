// The timeline's bucket math: round widths, at most the buckets asked for, the last bucket's share,
// nearest-rank percentiles, and a projected finish from the recent pace that leaves pauses out.
import { describe, expect, it } from "vitest";
import { bucketIndex, bucketLayout, bucketWidthMs, coveredSeconds, percentileRank, projectFinishMs } from "@/lib/server/runs/timeline-buckets";

describe("bucket widths", () => {
  it("picks the narrowest round width that fits the span in the buckets asked for", () => {
    expect(bucketWidthMs(60_000, 60)).toBe(1_000);
    expect(bucketWidthMs(61_000, 60)).toBe(2_000);
    expect(bucketWidthMs(10 * 60_000, 60)).toBe(10_000);
    expect(bucketWidthMs(6_750_000, 60)).toBe(120_000);
    expect(bucketWidthMs(3 * 3_600_000, 60)).toBe(300_000);
    // Past a day a bucket: whole days.
    expect(bucketWidthMs(200 * 86_400_000, 60)).toBe(4 * 86_400_000);
    // A run that just started still has a bucket of a second.
    expect(bucketWidthMs(0, 60)).toBe(1_000);
  });

  it("never makes more buckets than asked for, and makes at least one", () => {
    for (const span of [1, 999, 1_000, 59_999, 61_000, 612_345, 6_750_000, 86_400_000]) {
      for (const max of [1, 6, 60, 240]) {
        const layout = bucketLayout(0, span, max);
        expect(layout.count).toBeGreaterThanOrEqual(1);
        expect(layout.count).toBeLessThanOrEqual(max);
        expect(layout.count * layout.widthMs).toBeGreaterThanOrEqual(span);
      }
    }
    expect(bucketLayout(5_000, 5_000, 60)).toMatchObject({ count: 1, widthMs: 1_000 });
  });

  it("covers the last bucket only as far as the timeline goes, and puts its last instant in it", () => {
    const layout = bucketLayout(0, 6_750_000, 60);
    expect(layout).toMatchObject({ widthMs: 120_000, count: 57 });
    expect(coveredSeconds(layout, 0)).toBe(120);
    expect(coveredSeconds(layout, 56)).toBe(30);
    expect(bucketIndex(layout, 119_999)).toBe(0);
    expect(bucketIndex(layout, 120_000)).toBe(1);
    const even = bucketLayout(0, 60_000, 6);
    expect(bucketIndex(even, 60_000)).toBe(5);
  });
});

describe("percentileRank (nearest rank)", () => {
  it("is the ceiling of p × n, at least 1", () => {
    expect(percentileRank(1, 50)).toBe(1);
    expect(percentileRank(1, 95)).toBe(1);
    expect(percentileRank(2, 50)).toBe(1);
    expect(percentileRank(2, 95)).toBe(2);
    expect(percentileRank(4, 50)).toBe(2);
    expect(percentileRank(20, 95)).toBe(19);
    expect(percentileRank(100, 95)).toBe(95);
    expect(percentileRank(101, 95)).toBe(96);
  });
});

describe("projectFinishMs", () => {
  const bucket = (attempts: number, seconds = 10) => ({ attempts, seconds });

  it("divides what is left by the pace of the last buckets that had calls", () => {
    // 2 calls a second in the last five buckets with calls: 100 left take 50 s.
    const buckets = [bucket(100), bucket(20), bucket(20), bucket(20), bucket(20), bucket(20)];
    expect(projectFinishMs(buckets, 1_000_000, 100)).toBe(1_050_000);
  });

  it("leaves empty buckets (a pause) out of the pace", () => {
    const buckets = [bucket(10), bucket(10), bucket(0), bucket(0), bucket(0), bucket(10)];
    expect(projectFinishMs(buckets, 0, 30)).toBe(30_000);
  });

  it("counts a part-covered last bucket by the seconds it covers", () => {
    expect(projectFinishMs([bucket(10), bucket(5, 5)], 0, 15)).toBe(15_000);
  });

  it("has no projection without a pace or with nothing left", () => {
    expect(projectFinishMs([bucket(0), bucket(0)], 0, 10)).toBeNull();
    expect(projectFinishMs([], 0, 10)).toBeNull();
    expect(projectFinishMs([bucket(10)], 0, 0)).toBeNull();
  });
});
