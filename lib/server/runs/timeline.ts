// GET /api/runs/:id/timeline: a run's model calls over time (throughput, 429s and limiter waits,
// latency p50/p95, cost), bucketed in the database over the run's attempts (the (runId, createdAt)
// index): one grouped pass for counts and sums, then each bucket's percentiles from its own range,
// so a 100,000-item run never has its attempts loaded into memory.
// An attempt falls in the bucket of the moment it was written: when its call ended.
import "server-only";
import { db, dbTarget, type DbClient, type DbTarget } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { Prisma } from "@/lib/server/generated/sqlite/client";
import { nanosToUsd } from "@/lib/server/llm/pricing";
import { itemCounts, RUN_COUNTERS_SELECT } from "@/lib/server/runs/progress";
import { isEnded } from "@/lib/server/runs/status";
import { qualifiedTable, sqliteTimestamp } from "@/lib/server/sql";
import type { RunStatus, RunTimeline, TimelineBucket } from "@/lib/shared/api-types";
import { bucketLayout, coveredSeconds, percentileRank, projectFinishMs, type BucketLayout } from "./timeline-buckets";

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
  /** Attempts that were not cancelled: the ones latency percentiles rank. */
  timed: number | bigint | null;
  completed: number | bigint | null;
  failed: number | bigint | null;
  hits: number | bigint | null;
  waitMs: number | bigint | null;
  costNanos: number | bigint | null;
}

const num = (value: number | bigint | null | undefined): number => (value === null || value === undefined ? 0 : Number(value));

/**
 * Per bucket from `fromIndex` on: counts and sums in one grouped pass over the run's attempts in
 * that range (the (runId, createdAt) index), each attempt's time converted once. The run's last instant
 * computes as bucket `count`: the caller folds it into the last bucket. A call cut short before
 * the limiter learned of its 429s counts as one 429 if it failed with rate_limit (attempts written
 * before rateLimitHits existed).
 */
async function queryBuckets(client: DbClient, runId: string, layout: BucketLayout, fromIndex: number): Promise<BucketRow[]> {
  const target = dbTarget(client);
  const table = Prisma.raw(qualifiedTable(target, "ItemAttempt"));
  const cancelled = Prisma.raw(`a."errorKind" = 'cancelled'`);
  return client.$queryRaw<BucketRow[]>`
    SELECT (${epochMs(target)} - CAST(${layout.startMs} AS BIGINT)) / CAST(${layout.widthMs} AS BIGINT) AS b,
      COUNT(*) AS attempts,
      SUM(CASE WHEN ${cancelled} THEN 0 ELSE 1 END) AS timed,
      SUM(CASE WHEN a."ok" THEN 1 ELSE 0 END) AS completed,
      SUM(CASE WHEN a."ok" OR ${cancelled} THEN 0 ELSE 1 END) AS failed,
      SUM(CASE WHEN a."rateLimitHits" > 0 THEN a."rateLimitHits" WHEN a."errorKind" = 'rate_limit' THEN 1 ELSE 0 END) AS hits,
      SUM(a."rateLimitWaitMs") AS "waitMs",
      SUM(a."costNanos") AS "costNanos"
    FROM ${table} a
    WHERE a."runId" = ${runId} AND a."createdAt" >= ${timestampSql(target, layout.startMs + fromIndex * layout.widthMs)}
      AND a."createdAt" < ${timestampSql(target, layout.endMs + 1)}
    GROUP BY 1 ORDER BY 1`;
}

/** Folds the row of the run's last instant (bucket `count`) into the last bucket. */
function foldLastInstant(rows: BucketRow[], count: number): Map<number, BucketRow> {
  const byIndex = new Map<number, BucketRow>();
  for (const row of rows) {
    const index = Math.min(num(row.b), count - 1);
    const earlier = byIndex.get(index);
    if (!earlier) byIndex.set(index, { ...row, b: index });
    else {
      const add = (key: Exclude<keyof BucketRow, "b">) => num(earlier[key]) + num(row[key]);
      byIndex.set(index, {
        b: index,
        attempts: add("attempts"),
        timed: add("timed"),
        completed: add("completed"),
        failed: add("failed"),
        hits: add("hits"),
        waitMs: add("waitMs"),
        costNanos: add("costNanos"),
      });
    }
  }
  return byIndex;
}

/** A moment as the database compares it with createdAt: SQLite's ISO text, PostgreSQL's timestamp (UTC). */
function timestampSql(target: DbTarget, atMs: number): Prisma.Sql {
  const date = new Date(atMs);
  if (target.provider === "sqlite") return Prisma.sql`${sqliteTimestamp(date)}`;
  return Prisma.sql`CAST(${date.toISOString().replace("T", " ").replace("Z", "")} AS TIMESTAMP(3))`;
}

/**
 * Latency p50 and p95 (nearest rank) of each bucket's calls: per bucket, the call at each rank by
 * latency, read from the bucket's range of the (runId, createdAt) index. Many small sorts, one per
 * bucket, cost a fraction of ranking every attempt of the run in one window (a 100,000-item run:
 * see tests/bench/timeline.bench.ts). Cancelled calls are left out: their latencies were cut short.
 */
async function queryPercentiles(
  client: DbClient,
  runId: string,
  layout: BucketLayout,
  timed: { index: number; n: number }[],
): Promise<Map<number, { p50: number | null; p95: number | null }>> {
  const result = new Map<number, { p50: number | null; p95: number | null }>();
  if (timed.length === 0) return result;
  const target = dbTarget(client);
  const table = Prisma.raw(qualifiedTable(target, "ItemAttempt"));
  const last = layout.count - 1;
  const selects = timed.map(({ index, n }) => {
    const from = timestampSql(target, layout.startMs + index * layout.widthMs);
    // The run's last instant belongs to the last bucket (timestamps are whole milliseconds).
    const to = timestampSql(target, index === last ? layout.endMs + 1 : layout.startMs + (index + 1) * layout.widthMs);
    const at = (percent: number) => Prisma.sql`(
      SELECT a."latencyMs" FROM ${table} a
      WHERE a."runId" = ${runId} AND a."createdAt" >= ${from} AND a."createdAt" < ${to}
        AND (a."errorKind" IS NULL OR a."errorKind" <> 'cancelled')
      ORDER BY a."latencyMs" LIMIT 1 OFFSET ${percentileRank(n, percent) - 1})`;
    return Prisma.sql`SELECT CAST(${index} AS INTEGER) AS b, ${at(50)} AS p50, ${at(95)} AS p95`;
  });
  const rows = await client.$queryRaw<{ b: number | bigint; p50: number | bigint | null; p95: number | bigint | null }[]>`${Prisma.join(selects, " UNION ALL ")}`;
  for (const row of rows) {
    result.set(Number(row.b), { p50: row.p50 === null ? null : Number(row.p50), p95: row.p95 === null ? null : Number(row.p95) });
  }
  return result;
}

type Percentiles = Map<number, { p50: number | null; p95: number | null }>;

/** The aggregates of buckets `fromIndex` and later, straight from the attempts. */
async function aggregate(client: DbClient, runId: string, layout: BucketLayout, fromIndex: number) {
  const rows = foldLastInstant(await queryBuckets(client, runId, layout, fromIndex), layout.count);
  const timed = [...rows].map(([index, row]) => ({ index, n: num(row.timed) })).filter((bucket) => bucket.n > 0);
  return { rows, percentiles: await queryPercentiles(client, runId, layout, timed) };
}

function toTimelineBuckets(layout: BucketLayout, rows: Map<number, BucketRow>, percentiles: Percentiles): TimelineBucket[] {
  let cumulativeCompleted = 0;
  let cumulativeCostNanos = 0;
  const buckets: TimelineBucket[] = [];
  for (let index = 0; index < layout.count; index++) {
    const row = rows.get(index);
    const seconds = coveredSeconds(layout, index);
    const completed = num(row?.completed);
    const costNanos = num(row?.costNanos);
    cumulativeCompleted += completed;
    cumulativeCostNanos += costNanos;
    buckets.push({
      start: new Date(layout.startMs + index * layout.widthMs).toISOString(),
      seconds,
      attempts: num(row?.attempts),
      completed,
      failed: num(row?.failed),
      itemsPerMinute: seconds > 0 ? (completed / seconds) * 60 : 0,
      rateLimited: num(row?.hits),
      rateLimitWaitMs: num(row?.waitMs),
      latencyP50Ms: percentiles.get(index)?.p50 ?? null,
      latencyP95Ms: percentiles.get(index)?.p95 ?? null,
      costUsd: nanosToUsd(costNanos),
      cumulativeCompleted,
      cumulativeCostUsd: nanosToUsd(cumulativeCostNanos),
    });
  }
  return buckets;
}

/** Every bucket read afresh from the attempts. */
export async function readBuckets(client: DbClient, runId: string, layout: BucketLayout): Promise<TimelineBucket[]> {
  const { rows, percentiles } = await aggregate(client, runId, layout, 0);
  return toTimelineBuckets(layout, rows, percentiles);
}

/**
 * An attempt is stamped when its write is prepared, and a write queued behind others lands a little
 * later with that earlier time; a bucket that ended this long ago is taken as final.
 */
export const SETTLE_MS = 30_000;
const CACHED_TIMELINES = 200;

interface SettledBuckets {
  /** Buckets 0 … count-1 are final. */
  count: number;
  rows: Map<number, BucketRow>;
  percentiles: Percentiles;
}

const globalForTimelines = globalThis as typeof globalThis & {
  batchwiseSettledBuckets?: Map<string, SettledBuckets>;
  batchwiseTimelines?: Map<string, { at: number; ended: boolean; buckets: TimelineBucket[] }>;
};

/** Keeps a map to its newest `CACHED_TIMELINES` entries (a Map iterates oldest first). */
function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  cache.delete(key);
  cache.set(key, value);
  for (const oldest of cache.keys()) {
    if (cache.size <= CACHED_TIMELINES) break;
    cache.delete(oldest);
  }
}

/**
 * A live run's buckets, read incrementally: the buckets that are final (ended SETTLE_MS before
 * `nowMs`) are kept per run and bucket width, and each reading queries only the attempts after
 * them, so a poll of a long run reads its last minutes, not its whole history.
 */
export async function liveBuckets(client: DbClient, runId: string, layout: BucketLayout, nowMs: number): Promise<TimelineBucket[]> {
  const cache = (globalForTimelines.batchwiseSettledBuckets ??= new Map<string, SettledBuckets>());
  const key = `${runId}:${layout.startMs}:${layout.widthMs}`;
  const settled: SettledBuckets = cache.get(key) ?? { count: 0, rows: new Map(), percentiles: new Map() };
  const fresh = await aggregate(client, runId, layout, settled.count);
  const rows = new Map<number, BucketRow>([...settled.rows, ...fresh.rows]);
  const percentiles: Percentiles = new Map([...settled.percentiles, ...fresh.percentiles]);

  // Never the last bucket: it takes the run's last instant.
  const finalCount = Math.min(layout.count - 1, Math.floor((nowMs - SETTLE_MS - layout.startMs) / layout.widthMs));
  if (finalCount > settled.count) {
    const isFinal = ([index]: [number, unknown]) => index < finalCount;
    remember(cache, key, {
      count: finalCount,
      rows: new Map([...rows].filter(isFinal)),
      percentiles: new Map([...percentiles].filter(isFinal)),
    });
  }
  return toTimelineBuckets(layout, rows, percentiles);
}

/**
 * Polls of a live run by several viewers share one reading for LIVE_REUSE_MS; an ended run's
 * buckets never change (attempts after its end are outside them), so they are kept until pushed out.
 */
const LIVE_REUSE_MS = 2_000;

async function cachedBuckets(client: DbClient, runId: string, layout: BucketLayout, ended: boolean, nowMs: number): Promise<TimelineBucket[]> {
  const cache = (globalForTimelines.batchwiseTimelines ??= new Map());
  const key = `${runId}:${layout.startMs}:${layout.widthMs}:${layout.count}:${ended ? layout.endMs : "live"}`;
  const hit = cache.get(key);
  if (hit && (hit.ended || Date.now() - hit.at < LIVE_REUSE_MS)) return hit.buckets;
  const buckets = ended ? await readBuckets(client, runId, layout) : await liveBuckets(client, runId, layout, nowMs);
  remember(cache, key, { at: Date.now(), ended, buckets });
  return buckets;
}

/** `now`: the moment a live run's timeline ends at (default: the clock); given, nothing cached is used. */
export async function getRunTimeline(runId: string, options: { buckets?: number; now?: Date } = {}, client: DbClient = db): Promise<RunTimeline> {
  const run = await client.run.findUnique({
    where: { id: runId },
    select: {
      status: true,
      startedAt: true,
      finishedAt: true,
      budgetNanos: true,
      errorThreshold: true,
      ...RUN_COUNTERS_SELECT,
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
    budgetUsd: run.budgetNanos === null ? null : nanosToUsd(Number(run.budgetNanos)),
    errorThreshold: run.errorThreshold,
  };
  if (!run.startedAt) return { ...base, start: null, end: null, bucketSeconds: 0, buckets: [], projection: null };

  const nowMs = (options.now ?? new Date()).getTime();
  const startMs = run.startedAt.getTime();
  // A finished run's timeline ends when it did: review retries made later stay off its chart.
  const layout = bucketLayout(startMs, Math.max(startMs, run.finishedAt?.getTime() ?? nowMs), options.buckets ?? DEFAULT_TIMELINE_BUCKETS);
  // A caller naming the moment (tests, the benchmark) reads afresh.
  const buckets = options.now ? await readBuckets(client, runId, layout) : await cachedBuckets(client, runId, layout, ended, nowMs);
  const cumulativeCompleted = buckets.at(-1)?.cumulativeCompleted ?? 0;

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
