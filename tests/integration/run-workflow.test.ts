// The run workflow on the local executor, against a real database and the simulator through the
// real openai SDK: batches, retries, review, breaker, budget, sample, and refusals.
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

describe("a full run on the local executor", () => {
  it("processes every row in batches and records tokens, cost and latency per item", async () => {
    simulator.setKnobs({ latencyMs: 1 });
    const dataset = await app.fixtures.createLeadsDataset(45);
    const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10, concurrency: 3 });
    const run = await app.fixtures.waitForRun(id);

    expect(run.status).toBe("completed");
    const summary = await app.getRunSummary(id);
    expect(summary.counts.completed).toBe(45);
    expect(summary.batches).toEqual({ done: 5, total: 5 });
    expect(summary.cost.usd).toBeGreaterThan(0);
    expect(summary.progressLine).toBe("Batch 5/5 complete. 45 of 45 items done. No failures so far.");

    const items = await app.db.runItem.findMany({ where: { runId: id }, orderBy: { rowIndex: "asc" } });
    expect(items.map((i) => i.batchNumber)).toEqual(items.map((_, i) => Math.floor(i / 10) + 1));
    expect(items[0]?.input).toMatch(/^Classify this lead\. Title: Intern\. Notes: asked about pricing, note 0 \(\w+\)$/);
    for (const item of items) {
      expect(item.output).toBeTruthy();
      expect(item.tokensIn).toBeGreaterThan(0);
      expect(item.tokensOut).toBeGreaterThan(0);
      expect(item.costNanos).toBeGreaterThan(0);
      expect(item.attempts).toBe(1);
    }
    const batches = await app.db.runBatch.findMany({ where: { runId: id }, orderBy: { number: "asc" } });
    expect(batches.map((b) => [b.number, b.size, b.ok, b.failed])).toEqual([
      [1, 10, 10, 0], [2, 10, 10, 0], [3, 10, 10, 0], [4, 10, 10, 0], [5, 5, 5, 0],
    ]);

    const report = await app.getReport(id);
    expect(report).toMatchObject({ totalItems: 45, completed: 45, needsReview: 0, retryCount: 0 });
    expect(report.costUsd).toBeCloseTo(items.reduce((sum, i) => sum + Number(i.costNanos), 0) / 1e9, 12);
    expect(report.p95LatencyMs).not.toBeNull();
  });

  it("retries failures twice, then sends what still fails to review with every attempt's error", async () => {
    simulator.setKnobs({ latencyMs: 1, failureRate: 0.5 });
    const dataset = await app.fixtures.createLeadsDataset(60);
    const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 20, errorThreshold: 1 });
    const run = await app.fixtures.waitForRun(id);
    simulator.setKnobs({ latencyMs: 1 });

    expect(run.status).toBe("completed");
    const items = await app.db.runItem.findMany({ where: { runId: id }, include: { attemptLog: true } });
    const review = items.filter((i) => i.status === "needs_review");
    const completed = items.filter((i) => i.status === "completed");
    expect(review.length + completed.length).toBe(60);
    // With half the calls failing, some items fail all three attempts (P ≈ 1 − (7/8)^60).
    expect(review.length).toBeGreaterThan(0);
    for (const item of review) {
      expect(item.attempts).toBe(3);
      expect(item.attemptLog.filter((a) => !a.ok).map((a) => a.pass).sort()).toEqual([0, 1, 2]);
      expect(item.errorKind).toBe("server");
    }
    for (const item of completed) expect(item.attemptLog.filter((a) => a.ok)).toHaveLength(1);
    const retryBatches = await app.db.runBatch.count({ where: { runId: id, pass: { gt: 0 } } });
    expect(retryBatches).toBeGreaterThan(0);
    const report = await app.getReport(id);
    expect(report.retryCount).toBeGreaterThan(0);
    expect(report.errorKinds.server).toBeGreaterThan(0);
  });
});

describe("guards", () => {
  it("pauses on the error-rate breaker with the reason, and a person can resume or cancel", async () => {
    simulator.setKnobs({ latencyMs: 1, failureRate: 1 });
    const dataset = await app.fixtures.createLeadsDataset(30);
    const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10, errorThreshold: 0.1 });
    let run = await app.fixtures.waitForRun(id, ["paused"]);
    expect(run.pauseReason).toMatch(/Error-rate breaker: 10 of 10 items in batch 1 failed \(10 server\)/);
    expect(await app.db.runItem.count({ where: { runId: id, status: "pending" } })).toBe(20);

    simulator.setKnobs({ latencyMs: 1 });
    await app.resumeRun(id);
    run = await app.fixtures.waitForRun(id);
    expect(run.status).toBe("completed");
    // Batch 1's failures were retried once the endpoint recovered.
    expect(await app.db.runItem.count({ where: { runId: id, status: "completed" } })).toBe(30);
  });

  it("cancels a paused run and leaves the unsent items unsent", async () => {
    simulator.setKnobs({ latencyMs: 1, failureRate: 1 });
    const dataset = await app.fixtures.createLeadsDataset(30);
    const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10 });
    await app.fixtures.waitForRun(id, ["paused"]);
    simulator.setKnobs({ latencyMs: 1 });
    await app.cancelRun(id);
    const run = await app.fixtures.waitForRun(id, ["cancelled"]);
    expect(run.pauseReason).toBe("Cancelled by a person.");
    expect(await app.db.runItem.count({ where: { runId: id, status: "pending" } })).toBe(20);
    expect(await app.db.itemAttempt.count({ where: { item: { runId: id } } })).toBe(10);
  });

  it("never sends an item whose reserved cost could pass the budget: the run pauses naming what was not sent", async () => {
    simulator.setKnobs({ latencyMs: 1 });
    const dataset = await app.fixtures.createLeadsDataset(40);
    // gpt-4o-mini with no sample: an item reserves ≈30 input and 256 output tokens, ≈ $0.00016; the budget is a tenth of that.
    const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10, budgetUsd: 0.000016 });
    const run = await app.fixtures.waitForRun(id, ["paused"]);
    expect(run.pauseKind).toBe("budget");
    expect(run.pauseReason).toMatch(/^Stopped by budget: 40 items not sent; \$0\.00 of \$0\.000016 spent\. The next batch could cost up to \$0\.00\d+\. Raise the budget to continue\.$/);
    expect(await app.db.itemAttempt.count({ where: { item: { runId: id } } })).toBe(0);
    // Unsent items stay pending: not skipped, not processed.
    expect(await app.db.runItem.count({ where: { runId: id, status: "pending" } })).toBe(40);
    await app.cancelRun(id);
  });

  it("runs to the end when the budget covers every batch's worst case", async () => {
    simulator.setKnobs({ latencyMs: 1 });
    const dataset = await app.fixtures.createLeadsDataset(40);
    const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10, budgetUsd: 0.01 });
    expect((await app.fixtures.waitForRun(id)).status).toBe("completed");
    const spent = await app.db.runItem.aggregate({ where: { runId: id }, _sum: { costNanos: true } });
    expect(Number(spent._sum.costNanos)).toBeLessThanOrEqual(10_000_000);
  });
});

describe("sample runs", () => {
  it("takes the same random sample every time and projects the full run", async () => {
    simulator.setKnobs({ latencyMs: 1 });
    const dataset = await app.fixtures.createLeadsDataset(200);
    const first = await app.createRun({ datasetId: dataset.id, kind: "sample", sampleSize: 12, prompt });
    const second = await app.createRun({ datasetId: dataset.id, kind: "sample", sampleSize: 12, prompt });
    await app.fixtures.waitForRun(first.id);
    await app.fixtures.waitForRun(second.id);
    const rowsOf = async (runId: string) =>
      (await app.db.runItem.findMany({ where: { runId }, orderBy: { rowIndex: "asc" } })).map((i) => i.rowIndex);
    const rows = await rowsOf(first.id);
    expect(rows).toHaveLength(12);
    expect(rows).toEqual(await rowsOf(second.id));
    expect(rows).not.toEqual(Array.from({ length: 12 }, (_, i) => i));

    const summary = await app.getRunSummary(first.id);
    expect(summary.projection?.items).toBe(200);
    expect(summary.projection?.costUsd).toBeCloseTo((summary.cost.usd * 200) / 12, 6);
  });
});

describe("refusals leave nothing behind", () => {
  it("names an unknown template column and writes no run", async () => {
    const dataset = await app.fixtures.createLeadsDataset(3);
    await expect(
      app.createRun({ datasetId: dataset.id, kind: "full", prompt: { template: "Hi {{company}} and {{notes}}" } }),
    ).rejects.toMatchObject({ code: "validation_failed", details: { field: "prompt.template", unknownColumns: ["company"] } });
    expect(await app.db.run.count({ where: { datasetId: dataset.id } })).toBe(0);
  });

  it.each([
    [{ batchSize: 0 }, "batchSize"],
    [{ batchSize: 501 }, "batchSize"],
    [{ concurrency: 2.5 }, "concurrency"],
    [{ errorThreshold: 1.5 }, "errorThreshold"],
    [{ budgetUsd: -1 }, "budgetUsd"],
    [{ kind: "everything" }, "kind"],
  ])("refuses %o naming %s", async (override, field) => {
    const dataset = await app.fixtures.createLeadsDataset(3);
    const error = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, ...override }).catch((e: unknown) => e);
    expect(error).toMatchObject({ issues: [expect.objectContaining({ path: [field] })] });
  });

  it("refuses an unknown model and an invalid output schema", async () => {
    const dataset = await app.fixtures.createLeadsDataset(3);
    await expect(app.createRun({ datasetId: dataset.id, kind: "full", prompt, model: "gpt-nonexistent" })).rejects.toMatchObject({
      details: { field: "model" },
    });
    await expect(
      app.createRun({ datasetId: dataset.id, kind: "full", prompt, outputSchema: { type: "object", properties: { a: { type: "strnig" } } } }),
    ).rejects.toMatchObject({ details: { field: "outputSchema" } });
  });
});
