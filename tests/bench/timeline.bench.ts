// The run timeline (GET /api/runs/:id/timeline) of a 100,000-item run with 120,000 attempts spread
// over two hours: bucketed in SQL (lib/server/runs/timeline.ts) against the obvious alternative,
// in the same process on the same fresh SQLite database: load every attempt of the run and bucket
// it in JavaScript. Both must agree on the buckets.
import { printTable, runBench } from "./format";
import { openBenchDatabase } from "./bench-database";

const ITEMS = 100_000;
/** One failed attempt for every fifth item, retried once: 120,000 attempts. */
const FAILED_EVERY = 5;
const RUN_SECONDS = 2 * 3600;
const REPEATS = 5;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function main(): Promise<void> {
  const { db, close } = await openBenchDatabase();
  const { insertRun } = await import("@/lib/server/runs/create-run");
  const { getRunTimeline, liveBuckets } = await import("@/lib/server/runs/timeline");
  const { bucketLayout, bucketIndex, percentileRank } = await import("@/lib/server/runs/timeline-buckets");
  const { createLeadsDataset } = await import("../support/fixtures");

  try {
    const dataset = await createLeadsDataset(ITEMS, "bench");
    const run = await insertRun({ datasetId: dataset.id, kind: "full", prompt: { template: "Classify this lead. Title: {{title}}. Notes: {{notes}}" } });
    const startedAt = new Date(Date.UTC(2026, 0, 5, 9, 0, 0));
    const finishedAt = new Date(startedAt.getTime() + RUN_SECONDS * 1000);
    await db.run.update({ where: { id: run.id }, data: { status: "completed", startedAt, finishedAt } });
    // Attempts written as SQLite stores them (ISO text with an offset), spread evenly over the run.
    const startSeconds = startedAt.getTime() / 1000;
    const step = RUN_SECONDS / (ITEMS * (1 + 1 / FAILED_EVERY));
    const insert = (pass: number, where: string, offset: number, ok: number) =>
      db.$executeRawUnsafe(
        `INSERT INTO "ItemAttempt" ("id", "itemId", "runId", "pass", "batchNumber", "ok", "errorKind", "latencyMs", "costNanos", "rateLimitHits", "rateLimitWaitMs", "createdAt")
         SELECT '${pass}-' || "id", "id", "runId", ${pass}, "batchNumber", ${ok}, ${ok ? "NULL" : "'server'"},
           abs(random() % 3000), 25, CASE WHEN abs(random() % 50) = 0 THEN 1 ELSE 0 END, abs(random() % 200),
           strftime('%Y-%m-%dT%H:%M:%f', ${startSeconds} + ("rowIndex" * ${1 + 1 / FAILED_EVERY} + ${offset}) * ${step}, 'unixepoch') || '+00:00'
         FROM "RunItem" WHERE "runId" = ? ${where}`,
        run.id,
      );
    await insert(0, `AND "rowIndex" % ${FAILED_EVERY} = 0`, 0, 0);
    await insert(1, "", 0.5, 1);
    const attempts = await db.itemAttempt.count({ where: { runId: run.id } });

    // The baseline: every attempt of the run into memory, bucketed and ranked in JavaScript.
    const inMemory = async () => {
      const rows = await db.itemAttempt.findMany({
        where: { runId: run.id },
        select: { createdAt: true, ok: true, errorKind: true, latencyMs: true, costNanos: true, rateLimitHits: true },
      });
      const layout = bucketLayout(startedAt.getTime(), finishedAt.getTime(), 60);
      const buckets = Array.from({ length: layout.count }, () => ({ attempts: 0, completed: 0, hits: 0, cost: 0, latencies: [] as number[] }));
      for (const row of rows) {
        const at = row.createdAt.getTime();
        if (at < layout.startMs || at > layout.endMs) continue;
        const bucket = buckets[bucketIndex(layout, at)];
        if (!bucket) continue;
        bucket.attempts += 1;
        bucket.completed += row.ok ? 1 : 0;
        bucket.hits += row.rateLimitHits > 0 ? row.rateLimitHits : row.errorKind === "rate_limit" ? 1 : 0;
        bucket.cost += Number(row.costNanos);
        if (row.errorKind !== "cancelled") bucket.latencies.push(row.latencyMs);
      }
      return {
        rows: rows.length,
        buckets: buckets.map((b) => {
          const sorted = b.latencies.sort((x, y) => x - y);
          return { attempts: b.attempts, completed: b.completed, p50: sorted[percentileRank(sorted.length, 50) - 1] ?? null, p95: sorted[percentileRank(sorted.length, 95) - 1] ?? null };
        }),
      };
    };

    const time = async <T>(work: () => Promise<T>) => {
      const times: number[] = [];
      let result: T | undefined;
      for (let i = 0; i < REPEATS; i++) {
        const started = performance.now();
        result = await work();
        times.push(performance.now() - started);
      }
      return { ms: median(times), result: result as T };
    };

    // `now` given: every call reads the database (no cached buckets).
    const sql = await time(() => getRunTimeline(run.id, { buckets: 60, now: new Date() }));
    const memory = await time(inMemory);
    const heapBefore = process.memoryUsage().heapUsed;
    await getRunTimeline(run.id, { buckets: 60, now: new Date() });
    const sqlHeap = process.memoryUsage().heapUsed - heapBefore;
    // What the next viewers of the ended run pay: its buckets are kept once read.
    await getRunTimeline(run.id, { buckets: 60 });
    const cached = await time(() => getRunTimeline(run.id, { buckets: 60 }));

    // A live run polled every 3 s: the first reading settles every bucket that ended 30 s ago, the
    // next ones query only the attempts after them (the last bucket or two).
    const liveLayout = bucketLayout(startedAt.getTime(), finishedAt.getTime(), 60);
    const pollAt = finishedAt.getTime() + 3_000;
    const liveFirst = await time(async () => {
      delete (globalThis as { batchwiseSettledBuckets?: unknown }).batchwiseSettledBuckets;
      return liveBuckets(db, run.id, liveLayout, pollAt);
    });
    const livePoll = await time(() => liveBuckets(db, run.id, liveLayout, pollAt));
    if (JSON.stringify(livePoll.result) !== JSON.stringify(liveFirst.result)) throw new Error("an incremental poll disagrees with the first reading");

    // Both ways must draw the same chart.
    const expected = memory.result.buckets;
    const got = sql.result.buckets.map((b) => ({ attempts: b.attempts, completed: b.completed, p50: b.latencyP50Ms, p95: b.latencyP95Ms }));
    if (JSON.stringify(got) !== JSON.stringify(expected)) throw new Error("the SQL timeline and the in-memory baseline disagree");
    if (got.reduce((sum, b) => sum + b.attempts, 0) !== attempts) throw new Error("not every attempt is in a bucket");

    printTable(
      `Run timeline, ${ITEMS.toLocaleString("en-US")} items, ${attempts.toLocaleString("en-US")} attempts over 2 h, ${sql.result.buckets.length} buckets of ${sql.result.bucketSeconds} s (SQLite, median of ${REPEATS})`,
      ["way", "ms", "rows read into JS"],
      [
        ["getRunTimeline (bucketed in SQL)", sql.ms.toFixed(0), sql.result.buckets.length.toLocaleString("en-US")],
        ["baseline: load every attempt, bucket in JS", memory.ms.toFixed(0), memory.result.rows.toLocaleString("en-US")],
        ["getRunTimeline again (an ended run's kept buckets)", cached.ms.toFixed(1), "0"],
        ["a live run's first poll (settles the buckets ended 30 s ago)", liveFirst.ms.toFixed(0), liveFirst.result.length.toLocaleString("en-US")],
        ["a live run's next polls (only the attempts after them)", livePoll.ms.toFixed(1), liveFirst.result.length.toLocaleString("en-US")],
      ],
      [
        `the SQL timeline takes ${(sql.ms / memory.ms).toFixed(2)}× the baseline's time; both give the same buckets`,
        `a live run's next poll takes ${(livePoll.ms / liveFirst.ms).toFixed(3)}× its first`,
        `heap after one SQL timeline: ${(sqlHeap / 1024 / 1024).toFixed(1)} MB more (garbage included)`,
      ],
    );
  } finally {
    await close();
  }
}

runBench(main);
