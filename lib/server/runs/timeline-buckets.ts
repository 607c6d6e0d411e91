// The arithmetic of a run's timeline: how a time span is cut into at most N buckets of a width a
// person reads at a glance, how much of each bucket has happened, and where the recent pace ends.
import "server-only";

/** Bucket widths in seconds: round numbers on a clock, so "one bar = 30 s" needs no explaining. */
export const NICE_BUCKET_SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400] as const;

const DAY_MS = 86_400_000;

export interface BucketLayout {
  /** Epoch ms where bucket 0 starts: the run's start. */
  startMs: number;
  /** Epoch ms the timeline ends: the run's end, or now while it goes on. */
  endMs: number;
  widthMs: number;
  /** Buckets from startMs to endMs; the last may be partly in the future. */
  count: number;
}

/** The narrowest nice width that covers `spanMs` in at most `maxBuckets` buckets (whole days past the list). */
export function bucketWidthMs(spanMs: number, maxBuckets: number): number {
  const wanted = Math.max(1, spanMs) / Math.max(1, Math.floor(maxBuckets));
  for (const seconds of NICE_BUCKET_SECONDS) if (seconds * 1000 >= wanted) return seconds * 1000;
  return Math.ceil(wanted / DAY_MS) * DAY_MS;
}

export function bucketLayout(startMs: number, endMs: number, maxBuckets: number): BucketLayout {
  const span = Math.max(0, endMs - startMs);
  const widthMs = bucketWidthMs(span, maxBuckets);
  return { startMs, endMs: startMs + span, widthMs, count: Math.max(1, Math.ceil(span / widthMs)) };
}

/** The bucket a moment falls in; the run's last instant belongs to the last bucket, not one past it. */
export function bucketIndex(layout: BucketLayout, atMs: number): number {
  return Math.min(layout.count - 1, Math.floor((atMs - layout.startMs) / layout.widthMs));
}

/** How many seconds of bucket `index` lie within the timeline: a full width, except for the last bucket. */
export function coveredSeconds(layout: BucketLayout, index: number): number {
  const from = layout.startMs + index * layout.widthMs;
  const to = Math.min(from + layout.widthMs, layout.endMs);
  return Math.max(0, to - from) / 1000;
}

/** Nearest-rank percentile: the rank (1-based) of the p-th percentile among n sorted values. The SQL uses the same integer form. */
export function percentileRank(n: number, percent: number): number {
  return Math.max(1, Math.floor((n * percent + 99) / 100));
}

/** Buckets with answers, latest last, that the recent pace is taken from. */
export const PACE_BUCKETS = 5;

/**
 * When the items still to send would all be answered at the recent pace: attempts per second over
 * the last PACE_BUCKETS buckets that had any (a pause leaves empty buckets, which do not slow the
 * pace down). Null without a pace or with nothing left.
 */
export function projectFinishMs(
  buckets: readonly { attempts: number; seconds: number }[],
  nowMs: number,
  remaining: number,
): number | null {
  if (remaining <= 0) return null;
  const recent = buckets.filter((bucket) => bucket.attempts > 0 && bucket.seconds > 0).slice(-PACE_BUCKETS);
  const attempts = recent.reduce((sum, bucket) => sum + bucket.attempts, 0);
  const seconds = recent.reduce((sum, bucket) => sum + bucket.seconds, 0);
  if (attempts === 0 || seconds === 0) return null;
  return nowMs + Math.round((remaining / attempts) * seconds * 1000);
}
