// Timeline buckets as chart points: one point per bucket, labelled by the clock time it starts.
import type { RunTimeline, TimelineBucket } from "@/lib/shared/api-types";
import { formatClockTime } from "@/lib/shared/format";

export interface TimePoint extends TimelineBucket {
  /** Epoch ms of the bucket's start. */
  t: number;
  /** Epoch ms of the bucket's end (the last one: now, or the run's end). */
  tEnd: number;
  /** The x-axis label: "14:05" or "14:05:30". */
  label: string;
  /** Average wait for leave to send per call, in ms; null without calls. */
  avgWaitMs: number | null;
}

export function toTimePoints(timeline: RunTimeline): TimePoint[] {
  const withSeconds = timeline.bucketSeconds < 60;
  return timeline.buckets.map((bucket) => {
    const t = Date.parse(bucket.start);
    return {
      ...bucket,
      t,
      tEnd: t + bucket.seconds * 1000,
      label: formatClockTime(t, withSeconds),
      avgWaitMs: bucket.attempts > 0 ? bucket.rateLimitWaitMs / bucket.attempts : null,
    };
  });
}

/** "10 s", "2 min", "1 h": the width of a bucket, for chart descriptions. */
export function describeBucket(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${seconds / 60} min`;
  return `${seconds / 3600} h`;
}
