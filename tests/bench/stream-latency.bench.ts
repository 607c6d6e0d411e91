// Stream latency under bulk load, the acceptance scenario with real streams: while a
// 2,080-item bulk run keeps a 1,200 requests-per-minute endpoint (200 ms latency) busy, 200 stream
// items are sent over 20 s (10 a second, half the endpoint's capacity; 20 of them sent twice with
// the same key). Measured: each stream item's arrival → result p50/p95, that the bulk run
// completes with every item, that re-sent keys were processed once, 429s. Run with the limiter's
// priority on (stream items ask with class "stream") and off (the same requests without it).
import { startSimulatorServer } from "../support/simulator-server";
import { openBenchDatabase } from "./bench-database";
import { printTable } from "./format";

const RPM = 1_200;
const LATENCY_MS = 200;
const BULK_ITEMS = 2_080;
const STREAM_ITEMS = 200;
const STREAM_SECONDS = 20;
const RESENT = 20;
/** The bulk run starts first; stream items begin once it is under way. */
const BULK_HEAD_START_MS = 5_000;
const TARGET_P95_MS = 3_000;

interface Result {
  name: string;
  p50: number;
  p95: number;
  max: number;
  streamDone: number;
  processedOnce: boolean;
  /** Failed stream calls by error kind (retried, so an item may take more than one call). */
  streamFailures: string;
  bulkCompleted: number;
  bulkLost: number;
  bulkSeconds: number;
  rateLimitHits: number;
}

const nearestRank = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const simulator = await startSimulatorServer({ latencyMs: LATENCY_MS, rateLimitRpm: RPM });
  Object.assign(process.env, { APP_URL: simulator.url, OPENAI_RATE_LIMIT_RPM: String(RPM) });
  const database = await openBenchDatabase();
  const { db } = database;
  const { createRun } = await import("@/lib/server/runs/create-run");
  const { createStream } = await import("@/lib/server/streams/create-stream");
  const { acceptStreamItems } = await import("@/lib/server/streams/ingest");
  const { archiveStream } = await import("@/lib/server/streams/control");
  const { localStreamExecutor } = await import("@/lib/server/streams/local-stream-executor");
  const { EndpointRateLimiter } = await import("@/lib/server/llm/rate-limiter");
  const { createLeadsDataset, waitForRun } = await import("../support/fixtures");
  const acquire = EndpointRateLimiter.prototype.acquire;

  async function scenario(name: string, priority: boolean): Promise<Result> {
    // A fresh endpoint window and limiter for each scenario.
    simulator.setKnobs({ latencyMs: LATENCY_MS, rateLimitRpm: RPM });
    (globalThis as { batchwiseRateLimiters?: Map<string, unknown> }).batchwiseRateLimiters?.clear();
    EndpointRateLimiter.prototype.acquire = priority ? acquire : function (this: InstanceType<typeof EndpointRateLimiter>, options = {}) {
      return acquire.call(this, { ...options, priority: undefined });
    };

    const dataset = await createLeadsDataset(BULK_ITEMS, `bulk ${name}`);
    const started = Date.now();
    const bulk = await createRun({ datasetId: dataset.id, kind: "full", prompt: { template: "Qualify: {{title}}. {{notes}}" }, batchSize: 50, concurrency: 50, errorThreshold: 1, useCache: false, minInputChars: 0 });
    await sleep(BULK_HEAD_START_MS);

    const stream = await createStream({ name: `stream ${name}`, fields: ["ticket"], prompt: { template: "Triage: {{ticket}}" }, maxBatchSize: 10, maxWaitMs: 500, concurrency: 20, errorThreshold: 1 });
    const every = (STREAM_SECONDS * 1_000) / STREAM_ITEMS;
    const sendStart = Date.now();
    const posts: Promise<unknown>[] = [];
    for (let i = 0; i < STREAM_ITEMS; i++) {
      const items = [{ key: `ticket-${i}`, data: { ticket: `${name} ticket ${i}: the printer is on fire` } }];
      // Every tenth item also re-sends an earlier key: it must not be processed again.
      if (i % (STREAM_ITEMS / RESENT) === 0 && i > 0) items.push({ key: `ticket-${i - 5}`, data: { ticket: `${name} ticket ${i - 5}: the printer is on fire` } });
      posts.push(acceptStreamItems(stream.id, { items }));
      await sleep(Math.max(0, sendStart + (i + 1) * every - Date.now()));
    }
    await Promise.all(posts);

    const deadline = Date.now() + 300_000;
    for (;;) {
      const run = await db.run.findUniqueOrThrow({ where: { id: stream.runId } });
      if (run.completedCount + run.needsReviewCount >= STREAM_ITEMS || Date.now() > deadline) break;
      await sleep(200);
    }
    const bulkRun = await waitForRun(bulk.id, ["completed", "failed", "cancelled"], 300_000);
    const bulkSeconds = ((bulkRun.finishedAt?.getTime() ?? Date.now()) - started) / 1000;

    const items = await db.runItem.findMany({ where: { runId: stream.runId }, select: { id: true, arrivedAt: true, attempts: true, status: true } });
    const finished = await db.itemAttempt.groupBy({ by: ["itemId"], where: { runId: stream.runId, ok: true }, _max: { createdAt: true } });
    const finishedAt = new Map(finished.map((f) => [f.itemId, f._max.createdAt?.getTime() ?? NaN]));
    const latencies = items
      .map((i) => (finishedAt.get(i.id) ?? NaN) - (i.arrivedAt?.getTime() ?? NaN))
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    const failures = await db.itemAttempt.groupBy({ by: ["errorKind"], where: { runId: stream.runId, ok: false }, _count: { _all: true } });
    const hits = await db.itemAttempt.aggregate({ where: { runId: { in: [stream.runId, bulk.id] } }, _sum: { rateLimitHits: true } });
    await archiveStream(stream.id);
    return {
      name,
      p50: nearestRank(latencies, 0.5),
      p95: nearestRank(latencies, 0.95),
      max: latencies.at(-1) ?? NaN,
      streamDone: latencies.length,
      // Re-sent keys made no new item: exactly one item per key.
      processedOnce: items.length === STREAM_ITEMS,
      streamFailures: failures.map((f) => `${f._count._all} ${f.errorKind}`).join(", ") || "none",
      bulkCompleted: bulkRun.completedCount,
      bulkLost: BULK_ITEMS - bulkRun.completedCount - bulkRun.needsReviewCount - bulkRun.skippedCount,
      bulkSeconds,
      rateLimitHits: hits._sum.rateLimitHits ?? 0,
    };
  }

  try {
    const results = [await scenario("priority on", true), await scenario("priority off", false)];
    printTable(
      `Stream latency under bulk load: ${STREAM_ITEMS} stream items over ${STREAM_SECONDS} s beside a ${BULK_ITEMS.toLocaleString("en-US")}-item run, ${RPM} RPM, ${LATENCY_MS} ms latency`,
      ["limiter", "stream p50", "stream p95", "max", "answered", "keys once", "failed calls", "bulk completed", "bulk lost", "bulk wall", "429s"],
      results.map((r) => [
        r.name,
        `${(r.p50 / 1000).toFixed(2)} s`,
        `${(r.p95 / 1000).toFixed(2)} s`,
        `${(r.max / 1000).toFixed(2)} s`,
        `${r.streamDone}/${STREAM_ITEMS}`,
        r.processedOnce ? "yes" : "NO",
        r.streamFailures,
        r.bulkCompleted,
        r.bulkLost,
        `${r.bulkSeconds.toFixed(0)} s`,
        r.rateLimitHits,
      ]),
      [
        `Stream: micro-batches of up to 10 or 500 ms, concurrency 20; bulk: batches of 50, concurrency 50. ${RESENT} keys re-sent once each.`,
        `Arrival → result: the item's arrival to its answered call. Target: p95 ≤ ${TARGET_P95_MS / 1000} s with the bulk run completing, nothing lost.`,
        `"priority off" sends the same requests without their priority class (the limiter then serves first come, first served).`,
      ],
    );
  } finally {
    localStreamExecutor.stop();
    await simulator.close();
    await database.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
