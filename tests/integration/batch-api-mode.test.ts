// Batch API mode on the local executor, against an OpenAI-compatible endpoint of the tests' own
// (tests/support/batch-endpoint-server.ts): files within the limits, error lines as failed
// attempts retried synchronously, an expired batch's items sent by the synchronous fallback, the
// breaker per remote batch, cancel, and an execution that stops while waiting and is started again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";
import { startBatchEndpointServer, type BatchEndpointServer } from "../support/batch-endpoint-server";

let simulator: SimulatorServer;
let endpoint: BatchEndpointServer;
let app: InProcessApp;
let workflow: typeof import("@/lib/server/runs/workflow");

const MAX_REQUESTS = 20;

beforeAll(async () => {
  endpoint = await startBatchEndpointServer({ completionMs: 0, errorLineRate: 0 });
  ({ simulator, app } = await startInProcessApp({
    OPENAI_API_KEY: "sk-test-batch",
    OPENAI_BASE_URL: endpoint.baseURL,
    BATCH_API_MAX_REQUESTS: String(MAX_REQUESTS),
    BATCH_API_POLL_MS: "20",
    BATCH_API_POLL_MAX_MS: "100",
  }));
  workflow = await import("@/lib/server/runs/workflow");
});

afterAll(async () => {
  await stopInProcessApp(simulator);
  await endpoint.close();
});

/** Generous: six engineers share two cores, and a slow run is not what these tests are about. */
const RUN_TIMEOUT_MS = 60_000;
const prompt = { template: "Qualify this lead: {{notes}}" };

async function batchRun(rows: number, settings: Record<string, unknown> = {}) {
  const dataset = await app.fixtures.createLeadsDataset(rows);
  return app.createRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10, mode: "batch", ...settings });
}

function batchesOf(runId: string) {
  return endpoint.batches().filter((batch) => batch.metadata?.batchwise_run === runId);
}

describe("a batch-mode run", { timeout: 120_000 }, () => {
  it("sends its items as Batch API files within the request limit and records every answer at half price", async () => {
    endpoint.setOptions({ completionMs: 0, errorLineRate: 0, expireBatches: [] });
    const { id } = await batchRun(45);
    const run = await app.fixtures.waitForRun(id, undefined, RUN_TIMEOUT_MS);

    expect(run.status).toBe("completed");
    const batches = batchesOf(id);
    expect(batches.map((b) => b.total)).toEqual([20, 20, 5]);
    // The remote batches' ids were written down, with what came back.
    const remote = await app.db.remoteBatch.findMany({ where: { runId: id }, orderBy: { number: "asc" } });
    expect(remote.map((r) => [r.status, r.batchId, r.answered])).toEqual(batches.map((b) => ["completed", b.id, b.total]));
    // No synchronous call at all: every item was answered by the Batch API, once.
    expect(endpoint.syncAnswers().filter((a) => a.attempt !== null)).toHaveLength(0);
    const items = await app.db.runItem.findMany({ where: { runId: id }, include: { attemptLog: true } });
    const { costNanos, priceFor } = await import("@/lib/server/llm/pricing");
    for (const item of items) {
      expect(item).toMatchObject({ status: "completed", attempts: 1 });
      expect(item.output).toMatch(/^Qualified lead/);
      expect(item.attemptLog).toHaveLength(1);
      expect(Number(item.costNanos)).toBe(costNanos({ promptTokens: item.tokensIn, completionTokens: item.tokensOut }, priceFor("gpt-4o-mini"), { batch: true }));
    }
    const summary = await app.getRunSummary(id);
    expect(summary.batches).toEqual({ done: 3, total: 3 });
    expect(summary.progressLine).toBe("Batch API: 3 of 3 remote batches done. 45 of 45 items done. No failures so far.");
    const report = await app.getReport(id);
    expect(report.batchApi).toMatchObject({ remoteBatches: 3, answered: 45, unattempted: 0 });
    expect(report.batchApi?.savingUsd).toBeGreaterThan(0);
    expect(report.batchApi?.costUsd).toBeCloseTo(report.costUsd, 9);
  });

  it("counts error lines as failed attempts with their kind and retries them synchronously", async () => {
    endpoint.setOptions({ completionMs: 0, errorLineRate: 0.3, expireBatches: [] });
    const { id } = await batchRun(40, { errorThreshold: 1 });
    const run = await app.fixtures.waitForRun(id, undefined, RUN_TIMEOUT_MS);
    endpoint.setOptions({ errorLineRate: 0 });

    expect(run.status).toBe("completed");
    const items = await app.db.runItem.findMany({ where: { runId: id }, include: { attemptLog: { orderBy: { pass: "asc" } } } });
    const retried = items.filter((item) => item.attemptLog.length > 1);
    expect(retried.length).toBeGreaterThan(0);
    const syncAttempts = new Set(endpoint.syncAnswers().map((a) => a.attempt));
    for (const item of retried) {
      expect(item.status).toBe("completed");
      expect(item.attemptLog[0]).toMatchObject({ pass: 0, ok: false, errorKind: "server", costNanos: 0n });
      // The retry pass went synchronously: the endpoint saw that very attempt as a chat completion.
      expect(item.attemptLog[1]).toMatchObject({ pass: 1, ok: true });
      expect(syncAttempts.has(item.attemptLog[1]?.id ?? "")).toBe(true);
    }
    const report = await app.getReport(id);
    expect(report.errorKinds.server).toBe(retried.length);
  });

  it("sends the items an expired batch never ran through the synchronous fallback, without counting a failure", async () => {
    endpoint.setOptions({ completionMs: 0, errorLineRate: 0, expireBatches: [endpoint.batches().length + 1], expiredAnsweredShare: 0.3 });
    const { id } = await batchRun(30);
    const run = await app.fixtures.waitForRun(id, undefined, RUN_TIMEOUT_MS);
    endpoint.setOptions({ expireBatches: [] });

    expect(run.status).toBe("completed");
    const [expired] = await app.db.remoteBatch.findMany({ where: { runId: id }, orderBy: { number: "asc" } });
    expect(expired).toMatchObject({ status: "expired", requestCount: 20, answered: 6, errored: 0, unattempted: 14 });
    const items = await app.db.runItem.findMany({ where: { runId: id }, include: { attemptLog: true } });
    for (const item of items) {
      expect(item).toMatchObject({ status: "completed", attempts: 1, errorKind: null });
      expect(item.attemptLog).toHaveLength(1);
    }
    // The 14 never run were each sent once, synchronously, in the first pass.
    const attemptIds = new Set(items.flatMap((item) => item.attemptLog.map((a) => a.id)));
    expect(endpoint.syncAnswers().filter((a) => a.attempt !== null && attemptIds.has(a.attempt))).toHaveLength(14);
    expect((await app.getReport(id)).batchApi).toMatchObject({ answered: 16, unattempted: 14 });
  });

  it("pauses on the error-rate breaker after a remote batch that failed above the threshold", async () => {
    endpoint.setOptions({ completionMs: 0, errorLineRate: 0.5, expireBatches: [] });
    const { id } = await batchRun(40, { errorThreshold: 0.1 });
    const run = await app.fixtures.waitForRun(id, ["paused", "completed"], RUN_TIMEOUT_MS);
    endpoint.setOptions({ errorLineRate: 0 });

    expect(run).toMatchObject({ status: "paused", pauseKind: "breaker" });
    expect(run.pauseReason).toMatch(/^Error-rate breaker: \d+ of 20 items in batch 1 failed \(\d+ server\)/);
    // The next remote batch was not submitted while paused.
    expect(batchesOf(id)).toHaveLength(1);
    await app.resumeRun(id, { errorThreshold: 1 });
    expect((await app.fixtures.waitForRun(id, undefined, RUN_TIMEOUT_MS)).status).toBe("completed");
    expect(batchesOf(id)).toHaveLength(2);
  });

  it("cancelling the run cancels its remote batch still out, and its items stay unsent", async () => {
    endpoint.setOptions({ completionMs: 60_000, errorLineRate: 0, expireBatches: [] });
    const { id } = await batchRun(15);
    await expect.poll(() => batchesOf(id).length, { timeout: 10_000 }).toBe(1);
    await app.cancelRun(id);
    const run = await app.fixtures.waitForRun(id, ["cancelled"], RUN_TIMEOUT_MS);

    expect(run.status).toBe("cancelled");
    // The cancel may come while the submit step is still writing the batch down: it is cancelled either way.
    await expect.poll(() => batchesOf(id).map((b) => b.status), { timeout: 5_000 }).toEqual(["cancelled"]);
    await expect.poll(async () => (await app.db.remoteBatch.findFirstOrThrow({ where: { runId: id } })).status, { timeout: 5_000 }).toBe("cancelled");
    await expect.poll(() => app.db.runItem.count({ where: { runId: id, status: "pending", claim: null } })).toBe(15);
    expect(await app.db.itemAttempt.count({ where: { runId: id } })).toBe(0);
    endpoint.setOptions({ completionMs: 0 });
  });

  it("an execution that stops while waiting is picked up again: the same remote batch, never submitted twice", async () => {
    endpoint.setOptions({ completionMs: 300, errorLineRate: 0, expireBatches: [] });
    const dataset = await app.fixtures.createLeadsDataset(25);
    // Written without an executor, then executed by hand, as a process would.
    const run = await app.insertRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10, mode: "batch" });
    const died = new Error("the process died while waiting");
    const dyingSteps = {
      run: <T,>(_id: string, fn: () => Promise<T>) => fn(),
      sleep: async (id: string, ms: number) => {
        // The batches go out one after the other; the process dies waiting on the second.
        if (id === "remote-wait-0-2-1") throw died;
        await new Promise((resolve) => setTimeout(resolve, ms));
      },
      waitForResume: async () => "resumed" as const,
    };
    await expect(workflow.executeRun(run.id, dyingSteps)).rejects.toBe(died);
    expect(batchesOf(run.id)).toHaveLength(2);
    const waiting = await app.db.remoteBatch.findMany({ where: { runId: run.id }, orderBy: { number: "asc" } });
    expect(waiting.map((r) => r.settledAt !== null)).toEqual([true, false]);

    // A crash between creating a batch and writing its id down: the next execution finds it by its file.
    await app.db.remoteBatch.update({ where: { id: waiting[1]?.id }, data: { batchId: null, status: "planned" } });
    // And it ended while nobody looked: found again, its answers are still read.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const steps = { ...dyingSteps, sleep: (_id: string, ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) };
    await workflow.executeRun(run.id, steps);

    expect((await app.db.run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("completed");
    const batches = batchesOf(run.id);
    expect(batches).toHaveLength(2);
    expect(new Set(batches.map((b) => b.inputFileId)).size).toBe(2);
    const remote = await app.db.remoteBatch.findMany({ where: { runId: run.id }, orderBy: { number: "asc" } });
    expect(remote.map((r) => r.batchId)).toEqual(batches.map((b) => b.id));
    expect(remote.map((r) => [r.status, r.answered, r.unattempted])).toEqual([["completed", 20, 0], ["completed", 5, 0]]);
    const attempts = await app.db.itemAttempt.groupBy({ by: ["itemId"], where: { runId: run.id }, _count: { _all: true } });
    expect(attempts).toHaveLength(25);
    expect(attempts.every((a) => a._count._all === 1)).toBe(true);
  });

  it("keeps retry passes on the Batch API when the run asks for it", async () => {
    endpoint.setOptions({ completionMs: 0, errorLineRate: 0.3, expireBatches: [] });
    const { id } = await batchRun(20, { errorThreshold: 1, batchApiRetries: true, maxRetries: 1 });
    const run = await app.fixtures.waitForRun(id, undefined, RUN_TIMEOUT_MS);
    endpoint.setOptions({ errorLineRate: 0 });

    expect(run.status).toBe("completed");
    const remote = await app.db.remoteBatch.findMany({ where: { runId: id }, orderBy: [{ pass: "asc" }, { number: "asc" }] });
    expect(remote.map((r) => r.pass)).toEqual([0, 1]);
    expect(remote[1]?.requestCount).toBe(remote[0]?.errored);
    // Nothing went synchronously: every attempt of the run was a Batch API line.
    const attemptIds = new Set((await app.db.itemAttempt.findMany({ where: { runId: id }, select: { id: true } })).map((a) => a.id));
    expect(endpoint.syncAnswers().filter((a) => a.attempt !== null && attemptIds.has(a.attempt))).toHaveLength(0);
    // A retried line carries the item's second attempt in its custom_id.
    const retried = endpoint.batchAnswers().filter((a) => a.batchId === remote[1]?.batchId);
    expect(retried.length + (remote[1]?.errored ?? 0)).toBe(remote[1]?.requestCount);
    for (const answer of retried) expect(answer.customId).toMatch(/~2$/);
  });

  it("checks the budget before each remote batch, at the Batch API price, and continues once it is raised", async () => {
    endpoint.setOptions({ completionMs: 0, errorLineRate: 0, expireBatches: [] });
    const { id } = await batchRun(10, { budgetUsd: 0.000005 });
    const paused = await app.fixtures.waitForRun(id, ["paused", "completed"], RUN_TIMEOUT_MS);

    expect(paused).toMatchObject({ status: "paused", pauseKind: "budget", pendingCount: 10 });
    expect(paused.pauseReason).toMatch(/^Stopped by budget: 10 items not sent/);
    expect(batchesOf(id)).toHaveLength(0);
    await app.resumeRun(id, { budgetUsd: 1 });
    expect(await app.fixtures.waitForRun(id, undefined, RUN_TIMEOUT_MS)).toMatchObject({ status: "completed", completedCount: 10 });
    expect(batchesOf(id)).toHaveLength(1);
  });

  it("runs waiting on remote batches hold no executor slot: a synchronous run goes meanwhile", async () => {
    endpoint.setOptions({ completionMs: 120_000, errorLineRate: 0, expireBatches: [] });
    // As many batch-mode runs as the executor runs at once, all waiting on their batches.
    const waiting = [await batchRun(5), await batchRun(5)];
    await expect.poll(() => waiting.every((run) => batchesOf(run.id).length === 1), { timeout: 5_000 }).toBe(true);
    const dataset = await app.fixtures.createLeadsDataset(5);
    const sync = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10 });
    expect((await app.fixtures.waitForRun(sync.id, ["completed"], RUN_TIMEOUT_MS)).status).toBe("completed");
    for (const run of waiting) expect((await app.db.run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("running");
    endpoint.setOptions({ completionMs: 0 });
    for (const run of waiting) expect((await app.fixtures.waitForRun(run.id, undefined, RUN_TIMEOUT_MS)).status).toBe("completed");
  });

  it("refuses an unknown mode, naming the field", async () => {
    const dataset = await app.fixtures.createLeadsDataset(2);
    await expect(app.createRun({ datasetId: dataset.id, kind: "full", prompt, mode: "overnight" })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ["mode"], message: 'mode must be "sync" or "batch"' })],
    });
  });
});
