// GET /api/runs/:id/timeline called as Next calls it: a run with attempts written at known moments
// gives known buckets (counts, 429s, latency p50/p95 by nearest rank, cost, running totals), on
// SQLite and on PostgreSQL alike; and a run executed against a simulator answering 429s records
// every 429 it met, so the timeline counts exactly the 429s the endpoint sent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunTimeline } from "@/lib/shared/api-types";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";
import { asRole } from "../support/test-auth";

let simulator: SimulatorServer;
let app: InProcessApp;

beforeAll(async () => {
  ({ simulator, app } = await startInProcessApp());
});

afterAll(() => stopInProcessApp(simulator));

const START = Date.parse("2026-03-01T09:00:00.000Z");
const at = (seconds: number) => new Date(START + seconds * 1000);

async function getTimeline(runId: string, query = ""): Promise<{ status: number; body: RunTimeline & { error?: { field?: string } } }> {
  const GET = asRole((await import("@/app/api/runs/[id]/timeline/route")).GET, "reviewer");
  const response = await GET(new Request(`http://localhost/api/runs/${runId}/timeline${query}`), { params: Promise.resolve({ id: runId }) });
  return { status: response.status, body: (await response.json()) as RunTimeline & { error?: { field?: string } } };
}

/** A run that is never executed (its status is set by hand), with `items` items to hang attempts on. */
async function stillRun(items: number, data: Record<string, unknown>) {
  const dataset = await app.fixtures.createLeadsDataset(items);
  const run = await app.insertRun({ datasetId: dataset.id, kind: "full", prompt: { template: "{{notes}}" }, useCache: false });
  // Leased to a process elsewhere, so no executor (this file's or another's) takes it up.
  await app.db.run.update({ where: { id: run.id }, data: { status: "completed", leaseOwner: "elsewhere:1:test", leaseExpiresAt: new Date(Date.now() + 3_600_000), ...data } });
  const rows = await app.db.runItem.findMany({ where: { runId: run.id }, select: { id: true }, orderBy: { rowIndex: "asc" } });
  return { runId: run.id, itemIds: rows.map((row) => row.id) };
}

type AttemptSeed = { second: number; ok?: boolean; errorKind?: string; latencyMs?: number; costNanos?: number; rateLimitHits?: number; rateLimitWaitMs?: number };

async function seedAttempts(runId: string, itemId: string, seeds: AttemptSeed[]) {
  await app.db.itemAttempt.createMany({
    data: seeds.map((seed) => ({
      itemId,
      runId,
      pass: 0,
      batchNumber: 1,
      ok: seed.ok ?? seed.errorKind === undefined,
      errorKind: seed.errorKind ?? null,
      latencyMs: seed.latencyMs ?? 100,
      costNanos: seed.costNanos ?? 0,
      rateLimitHits: seed.rateLimitHits ?? 0,
      rateLimitWaitMs: seed.rateLimitWaitMs ?? 0,
      createdAt: at(seed.second),
    })),
  });
}

describe("GET /api/runs/:id/timeline", () => {
  it("buckets a run's attempts by when they ended: counts, 429s, waits, latency percentiles and running totals", async () => {
    const { runId, itemIds } = await stillRun(3, { startedAt: at(0), finishedAt: at(60), budgetNanos: 5_000_000_000n, errorThreshold: 0.25 });
    const item = itemIds[0] as string;
    await seedAttempts(runId, item, [
      // Bucket 0 (0–10 s): four answers, 100–400 ms.
      ...[100, 200, 300, 400].map((latencyMs, i) => ({ second: 1 + i, latencyMs, costNanos: 250_000_000 })),
      // Bucket 1: a call that gave up after 3 429s, one from before rateLimitHits was kept, an answer after 2 429s.
      { second: 11, errorKind: "rate_limit", rateLimitHits: 3, rateLimitWaitMs: 2_000, latencyMs: 50 },
      { second: 12, errorKind: "rate_limit", latencyMs: 60 },
      { second: 13, latencyMs: 700, rateLimitHits: 2, rateLimitWaitMs: 1_500, costNanos: 250_000_000 },
      // Bucket 2: a cancelled call's cut-short latency is no percentile; a server error is a failure.
      { second: 21, errorKind: "cancelled", latencyMs: 5 },
      { second: 22, errorKind: "server", latencyMs: 900 },
      { second: 23, latencyMs: 1_000, costNanos: 250_000_000 },
      // Bucket 3: twenty answers of 1..20 ms, in no order.
      ...Array.from({ length: 20 }, (_, i) => ({ second: 30 + (i % 10), latencyMs: ((i * 7) % 20) + 1 })),
      // The run's last instant belongs to the last bucket.
      { second: 60, latencyMs: 42 },
      // Outside the run: before it started, after it ended (a later review retry).
      { second: -1, latencyMs: 1 },
      { second: 75, latencyMs: 1 },
    ]);
    // Another run's attempts in the same seconds are not this run's.
    const other = await stillRun(1, { startedAt: at(0), finishedAt: at(60) });
    await seedAttempts(other.runId, other.itemIds[0] as string, [{ second: 2 }, { second: 12, errorKind: "rate_limit", rateLimitHits: 4 }]);

    const { status, body } = await getTimeline(runId, "?buckets=6");
    expect(status).toBe(200);
    expect(body).toMatchObject({ runId, status: "completed", start: at(0).toISOString(), end: at(60).toISOString(), bucketSeconds: 10 });
    expect(body).toMatchObject({ remaining: 0, projection: null, budgetUsd: 5, errorThreshold: 0.25 });
    expect(body.buckets.map((b) => b.start)).toEqual([0, 10, 20, 30, 40, 50].map((s) => at(s).toISOString()));
    expect(body.buckets.map((b) => b.seconds)).toEqual([10, 10, 10, 10, 10, 10]);

    const pick = (key: keyof RunTimeline["buckets"][number]) => body.buckets.map((b) => b[key]);
    expect(pick("attempts")).toEqual([4, 3, 3, 20, 0, 1]);
    expect(pick("completed")).toEqual([4, 1, 1, 20, 0, 1]);
    expect(pick("failed")).toEqual([0, 2, 1, 0, 0, 0]);
    expect(pick("rateLimited")).toEqual([0, 3 + 1 + 2, 0, 0, 0, 0]);
    expect(pick("rateLimitWaitMs")).toEqual([0, 3_500, 0, 0, 0, 0]);
    // Nearest rank: p50 of 4 is the 2nd, p95 of 4 the 4th; of 2, the 1st and the 2nd; of 20, the 10th and the 19th.
    expect(pick("latencyP50Ms")).toEqual([200, 60, 900, 10, null, 42]);
    expect(pick("latencyP95Ms")).toEqual([400, 700, 1_000, 19, null, 42]);
    expect(pick("itemsPerMinute")).toEqual([24, 6, 6, 120, 0, 6]);
    expect(pick("costUsd")).toEqual([1, 0.25, 0.25, 0, 0, 0]);
    expect(pick("cumulativeCompleted")).toEqual([4, 5, 6, 26, 26, 27]);
    expect(pick("cumulativeCostUsd")).toEqual([1, 1.25, 1.5, 1.5, 1.5, 1.5]);
  });

  it("cuts a long run into at most the buckets asked for, of a round width, the last one partly covered", async () => {
    // 112 minutes 30 seconds: 60 buckets would be 112.5 s each; the next round width is 2 minutes.
    const { runId, itemIds } = await stillRun(1, { startedAt: at(0), finishedAt: at(6_750) });
    await seedAttempts(runId, itemIds[0] as string, [{ second: 119 }, { second: 120 }, { second: 6_749 }]);
    const { body } = await getTimeline(runId);
    expect(body.bucketSeconds).toBe(120);
    expect(body.buckets).toHaveLength(57);
    expect(body.buckets.at(-1)?.seconds).toBe(30);
    expect(body.buckets.slice(0, 2).map((b) => b.attempts)).toEqual([1, 1]);
    expect(body.buckets.at(-1)?.attempts).toBe(1);
    expect(body.buckets.at(-1)?.itemsPerMinute).toBe(2);
  });

  it("projects a running run's finish from its recent pace, leaving a pause out of the pace", async () => {
    const { getRunTimeline } = await import("@/lib/server/runs/timeline");
    const { runId, itemIds } = await stillRun(1, { startedAt: at(0), status: "running" });
    // 30 answers in the first 30 s, a pause until 50 s, then 10 answers in the last 10 s: 1 a second when sending.
    await seedAttempts(runId, itemIds[0] as string, [
      ...Array.from({ length: 30 }, (_, i) => ({ second: i + 0.5 })),
      ...Array.from({ length: 10 }, (_, i) => ({ second: 50 + i + 0.5 })),
    ]);
    // The counters say what is left: 100 items still pending.
    await app.db.run.update({ where: { id: runId }, data: { pendingCount: 100, processingCount: 0, completedCount: 40, failedCount: 0 } });
    const timeline = await getRunTimeline(runId, { buckets: 6, now: at(60) });
    expect(timeline.remaining).toBe(100);
    expect(timeline.projection).toEqual({ finishAt: at(160).toISOString(), completed: 140 });

    await app.db.run.update({ where: { id: runId }, data: { status: "paused" } });
    expect((await getRunTimeline(runId, { buckets: 6, now: at(60) })).projection).toBeNull();
    await app.db.run.update({ where: { id: runId }, data: { status: "cancelled" } });
  });

  it("reads a live run incrementally: buckets ended SETTLE_MS ago are kept, only later attempts are queried", async () => {
    const { liveBuckets, readBuckets, SETTLE_MS } = await import("@/lib/server/runs/timeline");
    const { bucketLayout } = await import("@/lib/server/runs/timeline-buckets");
    const { runId, itemIds } = await stillRun(1, { startedAt: at(0), status: "running" });
    const item = itemIds[0] as string;
    // 300 s in 60 buckets of 5 s; at 300 s, buckets ending by 270 s (0–53) are final.
    const layout = bucketLayout(START, at(300).getTime(), 60);
    expect([layout.widthMs, layout.count, SETTLE_MS]).toEqual([5_000, 60, 30_000]);
    await seedAttempts(runId, item, Array.from({ length: 50 }, (_, i) => ({ second: i * 5 + 1, latencyMs: 10 + i, costNanos: 1_000_000 })));

    const first = await liveBuckets(app.db, runId, layout, at(300).getTime());
    expect(first).toEqual(await readBuckets(app.db, runId, layout));

    // Answers arrive in the open buckets; one stamped inside a final bucket is not read again.
    await seedAttempts(runId, item, [
      { second: 281, latencyMs: 500, costNanos: 2_000_000 },
      { second: 296, errorKind: "server", latencyMs: 900 },
      { second: 101, latencyMs: 1, costNanos: 7_000_000 },
    ]);
    const live = await liveBuckets(app.db, runId, layout, at(300).getTime());
    const fresh = await readBuckets(app.db, runId, layout);
    expect(live.slice(54)).toEqual(fresh.slice(54).map((bucket) => ({ ...bucket, cumulativeCompleted: bucket.cumulativeCompleted - 1, cumulativeCostUsd: expect.closeTo(bucket.cumulativeCostUsd - 0.007, 9) })));
    expect([live[56]?.completed, live[56]?.latencyP50Ms, live[59]?.failed]).toEqual([1, 500, 1]);
    expect([live[20]?.attempts, fresh[20]?.attempts]).toEqual([1, 2]);
    await app.db.run.update({ where: { id: runId }, data: { status: "cancelled" } });
  });

  it("has no buckets before the run starts, refuses a bad bucket count naming it, and 404s an unknown run", async () => {
    const { runId } = await stillRun(1, { status: "completed" });
    const empty = await getTimeline(runId);
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ start: null, buckets: [], projection: null });
    for (const bad of ["0", "241", "2.5", "x"]) {
      const refused = await getTimeline(runId, `?buckets=${bad}`);
      expect(refused.status).toBe(422);
      expect(refused.body.error?.field).toBe("buckets");
    }
    expect((await getTimeline("no-such-run")).status).toBe(404);
  });

  it("counts every 429 the endpoint sent during a run, the ones waited out inside a call included", async () => {
    // 12 items and half the requests answered 429: no 429 at all would take odds of 1 in 4,096.
    const dataset = await app.fixtures.createLeadsDataset(12);
    const before = simulator.requestCount();
    // Each forced 429 asks for a second's wait, which the endpoint's limiter honours for every call.
    // The 429s name a limit (a generous one), so the limiter does not learn a limit of 1 a minute from them.
    simulator.setKnobs({ latencyMs: 1, failureRate: 0, rateLimitRpm: 60_000 });
    simulator.setFaults({ rate_limit: 0.5 });
    try {
      const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt: { template: "{{notes}}" }, useCache: false, errorThreshold: 1 });
      await app.fixtures.waitForRun(id, undefined, 50_000);
      const requests = simulator.requestCount() - before;
      const attempts = await app.db.itemAttempt.findMany({ where: { item: { runId: id } } });
      expect(attempts.every((attempt) => attempt.runId === id)).toBe(true);
      // Every request is an attempt's answer or a 429 inside it (a call that gave up ends on its last 429).
      const hits = attempts.reduce((sum, attempt) => sum + attempt.rateLimitHits, 0);
      const endedOtherwise = attempts.filter((attempt) => attempt.errorKind !== "rate_limit").length;
      expect(hits).toBeGreaterThan(0);
      expect(hits + endedOtherwise).toBe(requests);
      expect(attempts.some((attempt) => attempt.rateLimitHits > 0 && attempt.rateLimitWaitMs > 0)).toBe(true);

      const { body } = await getTimeline(id);
      expect(body.buckets.reduce((sum, b) => sum + b.rateLimited, 0)).toBe(hits);
      expect(body.buckets.reduce((sum, b) => sum + b.attempts, 0)).toBe(attempts.length);
      expect(body.buckets.at(-1)?.cumulativeCompleted).toBe(attempts.filter((attempt) => attempt.ok).length);
    } finally {
      simulator.setFaults({});
      simulator.setKnobs({ latencyMs: 1, failureRate: 0, rateLimitRpm: 0 });
    }
  }, 60_000);
});
