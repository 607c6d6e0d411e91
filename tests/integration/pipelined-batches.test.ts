// Pipelined batches on the local executor, against a real database and a rate-limited simulator
// through the real openai SDK: the next batch sends while the last answers of the one before are in
// flight, yet batches are still recorded and judged one by one, the breaker pauses at the batch that
// tripped it, a pause stops new sends, and every call the endpoint received is recorded once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";

let simulator: SimulatorServer;
let app: InProcessApp;

beforeAll(async () => {
  ({ simulator, app } = await startInProcessApp({}));
});

afterAll(() => stopInProcessApp(simulator));

const prompt = { template: "Classify this lead. Title: {{title}}. Notes: {{notes}}" };
/** 20 requests a second over a sliding minute, 200 ms per answer: the endpoint's limit, not the run, sets the pace. */
const PACED = { latencyMs: 200, rateLimitRpm: 1_200 };

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every request the endpoint received for this run is one attempt on record, and no item was sent twice. */
async function expectEveryCallRecordedOnce(runId: string) {
  const attempts = await app.db.itemAttempt.findMany({ where: { runId }, select: { id: true, itemId: true } });
  const ids = new Set(attempts.map((a) => a.id));
  const received = simulator.receivedAttempts().filter((id) => ids.has(id));
  expect(new Set(received).size).toBe(received.length);
  expect(received.length).toBe(attempts.length);
  return attempts;
}

/** For each batch boundary: whether a request of batch n+1 reached the endpoint while one of batch n was still unanswered. */
async function boundaryOverlaps(runId: string, batches: number): Promise<boolean[]> {
  const attempts = await app.db.itemAttempt.findMany({ where: { runId, pass: 0 }, select: { id: true, batchNumber: true } });
  const batchOf = new Map(attempts.map((a) => [a.id, a.batchNumber]));
  const open = new Set<string>();
  const overlaps = Array.from({ length: batches - 1 }, () => false);
  for (const { attempt, event } of simulator.attemptEvents()) {
    const batch = batchOf.get(attempt);
    if (batch === undefined) continue;
    if (event === "answered") {
      open.delete(attempt);
      continue;
    }
    if (batch > 1 && [...open].some((other) => batchOf.get(other) === batch - 1)) overlaps[batch - 2] = true;
    open.add(attempt);
  }
  return overlaps;
}

describe("pipelined batches", () => {
  it("send the next batch while the last answers of the one before are in flight, and record each batch in order", async () => {
    // Slow answers: the last ones of a batch stay in flight long enough for the next batch to be claimed on a busy machine.
    simulator.setKnobs({ ...PACED, latencyMs: 800 });
    const dataset = await app.fixtures.createLeadsDataset(60, "pipelined");
    const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 20, concurrency: 30, errorThreshold: 0.1 });
    const run = await app.fixtures.waitForRun(id);
    expect(run.status).toBe("completed");

    expect(await app.db.runItem.count({ where: { runId: id, status: "completed", attempts: 1 } })).toBe(60);
    expect(await expectEveryCallRecordedOnce(id)).toHaveLength(60);
    // The limit was kept busy across batch boundaries: this is what pipelining is for.
    expect(await boundaryOverlaps(id, 3)).toContain(true);

    // Still tracked batch by batch: three rows of 20, each one counted from when the one before was judged.
    const batches = await app.db.runBatch.findMany({ where: { runId: id }, orderBy: { number: "asc" } });
    expect(batches.map((b) => [b.number, b.size, b.ok, b.failed])).toEqual([
      [1, 20, 20, 0],
      [2, 20, 20, 0],
      [3, 20, 20, 0],
    ]);
    for (const [before, after] of [[batches[0], batches[1]], [batches[1], batches[2]]]) {
      expect(after?.startedAt?.getTime()).toBeGreaterThanOrEqual(before?.finishedAt?.getTime() ?? Infinity);
    }
    expect((await app.getRunSummary(id)).batches).toMatchObject({ done: 3, total: 3 });
  });

  it("let the breaker pause at the batch that tripped it: the next batch's calls in flight are recorded, its unsent items wait, and nothing is lost", async () => {
    simulator.setKnobs({ ...PACED, failureRate: 1 });
    const dataset = await app.fixtures.createLeadsDataset(60, "pipelined-breaker");
    const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 20, concurrency: 20, errorThreshold: 0.1 });
    const paused = await app.fixtures.waitForRun(id, ["paused"]);
    await waitUntil(async () => (await app.db.runItem.count({ where: { runId: id, status: "processing" } })) === 0);

    expect(paused.pauseKind).toBe("breaker");
    expect(paused.pauseReason).toMatch(/^Error-rate breaker: 20 of 20 items in batch 1 failed \(20 server\)/);
    // Batch 2 was not judged: it is not finished, and only batch 1 counts as done.
    const summary = await app.getRunSummary(id);
    expect(summary.batches).toMatchObject({ done: 1, total: 3 });
    const second = await app.db.runBatch.findUnique({ where: { runId_pass_number: { runId: id, pass: 0, number: 2 } } });
    expect(second?.finishedAt ?? null).toBeNull();
    // Batch 2's items were sent (and failed) or went back to pending; batch 3 was never touched.
    const byBatch = await app.db.runItem.groupBy({ by: ["batchNumber", "status"], where: { runId: id }, _count: { _all: true } });
    const count = (batch: number, status: string) => byBatch.find((g) => g.batchNumber === batch && g.status === status)?._count._all ?? 0;
    expect(count(1, "failed")).toBe(20);
    expect(count(2, "failed") + count(2, "pending")).toBe(20);
    expect(count(3, "pending")).toBe(20);
    await expectEveryCallRecordedOnce(id);

    simulator.setKnobs(PACED);
    await app.resumeRun(id);
    const run = await app.fixtures.waitForRun(id);
    expect(run.status).toBe("completed");
    expect(await app.db.runItem.count({ where: { runId: id, status: "completed" } })).toBe(60);
    const attempts = await expectEveryCallRecordedOnce(id);
    // Each item: at most one failed attempt (batch 1, or batch 2's early sends) and then one that succeeded.
    expect(attempts.length).toBe(60 + count(1, "failed") + count(2, "failed"));
  });

  it("stop new sends when paused: calls in flight finish, unsent items wait, and resuming sends them once", async () => {
    simulator.setKnobs(PACED);
    const dataset = await app.fixtures.createLeadsDataset(200, "pipelined-pause");
    const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 50, concurrency: 50 });
    await waitUntil(async () => (await app.db.runItem.count({ where: { runId: id, status: "completed" } })) >= 30);
    await app.pauseRun(id);
    const eventsAtPause = simulator.attemptEvents().length;
    await waitUntil(async () => (await app.db.runItem.count({ where: { runId: id, status: "processing" } })) === 0);

    // The calls in flight were answered and recorded; the batch that was sending stopped: some of its
    // items never went out and wait as pending, beside items of that batch that were answered.
    expect(simulator.attemptEvents().slice(eventsAtPause).some((e) => e.event === "answered")).toBe(true);
    const byBatch = await app.db.runItem.groupBy({ by: ["batchNumber", "status"], where: { runId: id }, _count: { _all: true } });
    const cutShort = byBatch.filter((g) => g.status === "pending" && byBatch.some((o) => o.batchNumber === g.batchNumber && o.status === "completed"));
    expect(cutShort.length).toBeGreaterThan(0);
    const sentAtPause = simulator.requestCount();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(simulator.requestCount()).toBe(sentAtPause);
    const pending = await app.db.runItem.count({ where: { runId: id, status: "pending" } });
    expect(pending).toBeGreaterThan(0);
    expect(await app.db.runItem.count({ where: { runId: id, status: "completed" } })).toBe(200 - pending);
    expect((await app.getRunSummary(id)).status).toBe("paused");

    await app.resumeRun(id);
    const run = await app.fixtures.waitForRun(id);
    expect(run.status).toBe("completed");
    expect(await app.db.runItem.count({ where: { runId: id, status: "completed", attempts: 1 } })).toBe(200);
    expect(await expectEveryCallRecordedOnce(id)).toHaveLength(200);
    const batches = await app.db.runBatch.findMany({ where: { runId: id } });
    expect(batches.reduce((sum, b) => sum + b.size, 0)).toBe(200);
    expect(batches.every((b) => b.finishedAt !== null)).toBe(true);
  }, 60_000);
});
