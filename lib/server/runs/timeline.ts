// GET /api/runs/:id/timeline: a run's model calls over time (throughput, 429s and limiter waits,
// latency p50/p95, cost), bucketed in the database in one pass over the run's attempts (the
// (runId, createdAt) index), so a 100,000-item run never has its attempts loaded into memory.
// An attempt falls in the bucket of the moment it was written: when its call ended.
import "server-only";
import { db, dbTarget, type DbClient, type DbTarget } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { Prisma } from "@/lib/server/generated/sqlite/client";
import { microsToUsd } from "@/lib/server/llm/pricing";
import { itemCounts } from "@/lib/server/runs/progress";
import { isEnded } from "@/lib/server/runs/status";
import { qualifiedTable } from "@/lib/server/sql";
import type { RunStatus, RunTimeline, TimelineBucket } from "@/lib/shared/api-types";
import { bucketLayout, coveredSeconds, projectFinishMs, type BucketLayout } from "./timeline-buckets";

export const DEFAULT_TIMELINE_BUCKETS = 60;
export const MAX_TIMELINE_BUCKETS = 240;

/** `?buckets=`: 1 to MAX_TIMELINE_BUCKETS, DEFAULT_TIMELINE_BUCKETS when absent. */
export function parseBucketCount(raw: string | null): number {
  if (raw === null || raw === "") return DEFAULT_TIMELINE_BUCKETS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > MAX_TIMELINE_BUCKETS) {
    throw new AppError("validation_failed", `buckets must be an integer from 1 to ${MAX_TIMELINE_BUCKETS}.`, { field: "buckets" });
  }
  return value;
}

/** An attempt's createdAt as integer epoch milliseconds: SQLite keeps ISO text, PostgreSQL a timestamp (UTC). */
function epochMs(target: DbTarget): Prisma.Sql {
  return target.provider === "sqlite"
    ? Prisma.raw(`CAST(ROUND((julianday(a."createdAt") - 2440587.5) * 86400000.0) AS BIGINT)`)
    : Prisma.raw(`CAST(EXTRACT(EPOCH FROM a."createdAt") * 1000 AS BIGINT)`);
}

interface BucketRow {
  b: number | bigint;
  attempts: number | bigint;
  completed: number | bigint | null;
  failed: number | bigint | null;
  hits: number | bigint | null;
  waitMs: number | bigint | null;
  costMicros: number | bigint | null;
  p50: number | bigint | null;
  p95: number | bigint | null;
}

const num = (value: number | bigint | null | undefined): number => (value === null || value === undefined ? 0 : Number(value));

/**
 * Per bucket: counts and sums, and the latency percentiles by rank within the bucket (window
 * functions, which both SQLite and PostgreSQL have). Cancelled calls rank apart, so their cut-short
 * latencies are not percentiles. A call cut short before the limiter learned of its 429s counts as
 * one 429 if it failed with rate_limit (attempts written before rateLimitHits existed).
 */
async function queryBuckets(client: DbClient, runId: string, layout: BucketLayout): Promise<BucketRow[]> {
  const table = Prisma.raw(qualifiedTable(dbTarget(client), "ItemAttempt"));
  const start = layout.startMs;
  const end = layout.endMs;
  const width = layout.widthMs;
  const last = layout.count - 1;
  return client.$queryRaw<BucketRow[]>`
    WITH t AS (
      SELECT ${epochMs(dbTarget(client))} AS ms, a."ok" AS ok, a."errorKind" AS kind, a."latencyMs" AS latency,
        a."costMicros" AS cost, a."rateLimitHits" AS hits, a."rateLimitWaitMs" AS wait
      FROM ${table} a WHERE a."runId" = ${runId}
    ),
    r AS (
      SELECT
        CASE WHEN ms >= CAST(${start + last * width} AS BIGINT) THEN CAST(${last} AS BIGINT)
          ELSE (ms - CAST(${start} AS BIGINT)) / CAST(${width} AS BIGINT) END AS b,
        CASE WHEN kind = 'cancelled' THEN 1 ELSE 0 END AS c,
        ok, kind, latency, cost, hits, wait
      FROM t WHERE ms >= CAST(${start} AS BIGINT) AND ms <= CAST(${end} AS BIGINT)
    ),
    ranked AS (
      SELECT r.*, ROW_NUMBER() OVER (PARTITION BY b, c ORDER BY latency) AS rn, COUNT(*) OVER (PARTITION BY b, c) AS n FROM r
    )
    SELECT b,
      COUNT(*) AS attempts,
      SUM(CASE WHEN ok THEN 1 ELSE 0 END) AS completed,
      SUM(CASE WHEN ok OR c = 1 THEN 0 ELSE 1 END) AS failed,
      SUM(CASE WHEN hits > 0 THEN hits WHEN kind = 'rate_limit' THEN 1 ELSE 0 END) AS hits,
      SUM(wait) AS "waitMs",
      SUM(cost) AS "costMicros",
      MAX(CASE WHEN c = 0 AND rn = (n * 50 + 99) / 100 THEN latency END) AS p50,
      MAX(CASE WHEN c = 0 AND rn = (n * 95 + 99) / 100 THEN latency END) AS p95
    FROM ranked GROUP BY b ORDER BY b`;
}

export async function getRunTimeline(runId: string, options: { buckets?: number; now?: Date } = {}, client: DbClient = db): Promise<RunTimeline> {
  const run = await client.run.findUnique({
    where: { id: runId },
    select: {
      status: true,
      startedAt: true,
      finishedAt: true,
      budgetMicros: true,
      errorThreshold: true,
      pendingCount: true,
      processingCount: true,
      completedCount: true,
      failedCount: true,
      needsReviewCount: true,
      skippedCount: true,
    },
  });
  if (!run) throw notFound("Run", runId);
  const status = run.status as RunStatus;
  const counts = itemCounts(run);
  const ended = isEnded(status);
  const remaining = ended ? 0 : counts.pending + counts.processing + counts.failed;
  const base = {
    runId,
    status,
    remaining,
    budgetUsd: run.budgetMicros === null ? null : microsToUsd(Number(run.budgetMicros)),
    errorThreshold: run.errorThreshold,
  };
  if (!run.startedAt) return { ...base, start: null, end: null, bucketSeconds: 0, buckets: [], projection: null };

  const nowMs = (options.now ?? new Date()).getTime();
  const startMs = run.startedAt.getTime();
  // A finished run's timeline ends when it did: review retries made later stay off its chart.
  const layout = bucketLayout(startMs, Math.max(startMs, run.finishedAt?.getTime() ?? nowMs), options.buckets ?? DEFAULT_TIMELINE_BUCKETS);
  const rows = new Map((await queryBuckets(client, runId, layout)).map((row) => [num(row.b), row]));

  let cumulativeCompleted = 0;
  let cumulativeCostMicros = 0;
  const buckets: TimelineBucket[] = [];
  for (let index = 0; index < layout.count; index++) {
    const row = rows.get(index);
    const seconds = coveredSeconds(layout, index);
    const completed = num(row?.completed);
    const costMicros = num(row?.costMicros);
    cumulativeCompleted += completed;
    cumulativeCostMicros += costMicros;
    buckets.push({
      start: new Date(layout.startMs + index * layout.widthMs).toISOString(),
      seconds,
      attempts: num(row?.attempts),
      completed,
      failed: num(row?.failed),
      itemsPerMinute: seconds > 0 ? (completed / seconds) * 60 : 0,
      rateLimited: num(row?.hits),
      rateLimitWaitMs: num(row?.waitMs),
      latencyP50Ms: row?.p50 === null || row?.p50 === undefined ? null : Number(row.p50),
      latencyP95Ms: row?.p95 === null || row?.p95 === undefined ? null : Number(row.p95),
      costUsd: microsToUsd(costMicros),
      cumulativeCompleted,
      cumulativeCostUsd: microsToUsd(cumulativeCostMicros),
    });
  }

  // Only a run that is sending has a pace to project; a paused one waits for a person.
  const finishMs = status === "running" ? projectFinishMs(buckets, layout.endMs, remaining) : null;
  return {
    ...base,
    start: new Date(layout.startMs).toISOString(),
    end: new Date(layout.endMs).toISOString(),
    bucketSeconds: layout.widthMs / 1000,
    buckets,
    projection: finishMs === null ? null : { finishAt: new Date(finishMs).toISOString(), completed: cumulativeCompleted + remaining },
  };
}
