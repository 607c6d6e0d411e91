// The stream page's figures: arrivals and results per minute, queue depth, arrival-to-result
// p50/p95, error rate, and cost today against the daily budget. Read over a recent window with
// bounded reads, so a stream that has taken millions of items costs the same to watch.
import "server-only";
import { db } from "@/lib/server/db";
import { nanosToUsd } from "@/lib/server/llm/pricing";
import type { StreamStats } from "@/lib/shared/api-types";
import { loadStream } from "@/lib/server/streams/load-stream";
import { costTodayNanos } from "@/lib/server/streams/daily-budget";
import { percentile as nearestRank } from "@/lib/shared/percentile";

export const STATS_WINDOW_MINUTES = 30;
/** Rows one figure reads at most (the newest). */
const ROWS_READ = 20_000;

export async function getStreamStats(streamId: string, now = new Date()): Promise<StreamStats> {
  const stream = await loadStream(streamId);
  const runId = stream.runId;
  const since = new Date(now.getTime() - STATS_WINDOW_MINUTES * 60_000);
  const [arrivals, answers, spent] = await Promise.all([
    db.runItem.findMany({ where: { runId, arrivedAt: { gte: since } }, select: { arrivedAt: true }, orderBy: { arrivedAt: "desc" }, take: ROWS_READ }),
    db.itemAttempt.findMany({
      where: { runId, createdAt: { gte: since } },
      select: { ok: true, createdAt: true, item: { select: { arrivedAt: true, attempts: true } } },
      orderBy: { createdAt: "desc" },
      take: ROWS_READ,
    }),
    costTodayNanos(runId, now),
  ]);

  const minuteOf = (date: Date) => Math.floor(date.getTime() / 60_000);
  const lastMinute = minuteOf(now);
  const buckets = new Map<number, { arrivals: number; completed: number }>();
  for (let m = lastMinute - STATS_WINDOW_MINUTES + 1; m <= lastMinute; m++) buckets.set(m, { arrivals: 0, completed: 0 });
  for (const item of arrivals) if (item.arrivedAt) {
    const bucket = buckets.get(minuteOf(item.arrivedAt));
    if (bucket) bucket.arrivals++;
  }
  const latencies: number[] = [];
  let failedCalls = 0;
  for (const attempt of answers) {
    if (!attempt.ok) {
      failedCalls++;
      continue;
    }
    const bucket = buckets.get(minuteOf(attempt.createdAt));
    if (bucket) bucket.completed++;
    if (attempt.item.arrivedAt) latencies.push(attempt.createdAt.getTime() - attempt.item.arrivedAt.getTime());
  }
  latencies.sort((a, b) => a - b);
  return {
    windowMinutes: STATS_WINDOW_MINUTES,
    arrivalsPerMinute: [...buckets].map(([minute, counts]) => ({ minute: new Date(minute * 60_000).toISOString(), ...counts })),
    queueDepth: stream.run.pendingCount + stream.run.processingCount,
    latencyMs: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), samples: latencies.length },
    errorRate: answers.length === 0 ? null : failedCalls / answers.length,
    costTodayUsd: nanosToUsd(spent),
    dailyBudgetUsd: stream.dailyBudgetNanos === null ? null : nanosToUsd(Number(stream.dailyBudgetNanos)),
  };
}

/** The shared nearest-rank percentile of sorted values, null for none (the page shows no figure). */
export function percentile(sorted: readonly number[], p: number): number | null {
  return sorted.length === 0 ? null : nearestRank(sorted, p);
}
