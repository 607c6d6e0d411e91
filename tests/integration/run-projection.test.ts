// Projections and budgets you can trust: after a sample, the full run's cost lands inside the projected
// low-high range and its time within 30 % of the projection; a budget the sample fits never blocks it;
// a run that meets its budget stops having spent at least 80 % of it and never more.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";

let simulator: SimulatorServer;
let app: InProcessApp;

beforeAll(async () => {
  ({ simulator, app } = await startInProcessApp());
});

afterAll(() => stopInProcessApp(simulator));

const prompt = { template: "Classify this lead: {{title}}, {{notes}}" };
const settings = { prompt, model: "gpt-4o-mini", batchSize: 10, concurrency: 5 };

async function sampleOf(datasetId: string, sampleSize: number, extra: Record<string, unknown> = {}) {
  const { id } = await app.createRun({ datasetId, kind: "sample", sampleSize, ...settings, ...extra });
  return app.fixtures.waitForRun(id, ["completed", "paused", "failed"]);
}

describe("the budget check", () => {
  it("never blocks a sample its budget fits: $0.01 for a sample of a few hundredths of a cent", async () => {
    simulator.setKnobs({ latencyMs: 1 });
    const dataset = await app.fixtures.createLeadsDataset(30);
    const sample = await sampleOf(dataset.id, 20, { budgetUsd: 0.01 });
    expect(sample.status).toBe("completed");
    expect(sample.completedCount).toBe(20);
    expect(Number(sample.costNanos)).toBeLessThan(10_000_000);
    expect(sample.outputTokensBasis).toBe("default");
  });

  it("stops a run that meets its budget having spent 80-100 % of it, reserving the sample's p95 output tokens per item", async () => {
    simulator.setKnobs({ latencyMs: 1 });
    const dataset = await app.fixtures.createLeadsDataset(150);
    const sample = await sampleOf(dataset.id, 30);
    expect(sample.status).toBe("completed");

    // A budget for about half of what is left: small enough to be met, several batches' worth.
    const perItem = Number(sample.costNanos) / sample.completedCount;
    const budgetNanos = Math.round(perItem * 60);
    const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", ...settings, sourceRunId: sample.id, budgetUsd: budgetNanos / 1e9 });
    const run = await app.fixtures.waitForRun(id, ["paused", "completed"]);

    expect(run).toMatchObject({ status: "paused", pauseKind: "budget", outputTokensBasis: "sample" });
    const spent = Number(run.costNanos);
    expect(spent).toBeLessThanOrEqual(budgetNanos);
    expect(spent).toBeGreaterThanOrEqual(0.8 * budgetNanos);
    // What it reserved per item is what the sample's answers measured, not a flat 1,000 tokens.
    const answers = await app.db.runItem.findMany({ where: { runId: sample.id, status: "completed" }, select: { tokensOut: true } });
    expect(run.outputTokensEstimate).toBeLessThanOrEqual(Math.max(...answers.map((a) => a.tokensOut)));
    expect(run.pauseReason).toMatch(/^Stopped by budget: \d+ items not sent/);
  });
});

describe("the full run's projection", () => {
  it("holds the actual cost inside its low-high range and the actual time within 30 %", async () => {
    // Calls of about 300 ms, all of a batch at once: the model's time, not this machine's load, makes most of a batch's.
    simulator.setKnobs({ latencyMs: 300 });
    const dataset = await app.fixtures.createLeadsDataset(250);
    const sample = await sampleOf(dataset.id, 50, { concurrency: 10 });
    expect(sample.status).toBe("completed");

    const full = { datasetId: dataset.id, kind: "full" as const, ...settings, concurrency: 10, sourceRunId: sample.id };
    const preview = await app.previewRun(full);
    // The sample's rows are answered already (cached): the projection covers the 200 rows still to send.
    expect(preview.toSend).toBe(200);
    const projection = preview.projection;
    expect(projection).not.toBeNull();
    if (!projection) return;
    expect(projection.usdLow).toBeLessThan(projection.usdHigh);
    // The same run through the Batch API is projected at half the price, the estimate too.
    const batchPreview = await app.previewRun({ ...full, mode: "batch" });
    expect(batchPreview.projection?.usdLow).toBeCloseTo(projection.usdLow / 2, 12);
    expect(batchPreview.projection?.usdHigh).toBeCloseTo(projection.usdHigh / 2, 12);
    expect(batchPreview.estimatedCostUsd).toBeCloseTo(preview.estimatedCostUsd / 2, 6);

    const { id } = await app.createRun(full);
    const run = await app.fixtures.waitForRun(id);
    expect(run.status).toBe("completed");
    const actualUsd = Number(run.costNanos) / 1e9;
    const actualSeconds = ((run.finishedAt?.getTime() ?? 0) - (run.startedAt?.getTime() ?? 0)) / 1000;
    console.log(
      `projection: $${projection.usdLow}-$${projection.usdHigh}, ${projection.seconds} s; actual: $${actualUsd}, ${actualSeconds.toFixed(2)} s`,
    );
    expect(actualUsd).toBeGreaterThanOrEqual(projection.usdLow);
    expect(actualUsd).toBeLessThanOrEqual(projection.usdHigh);
    expect(actualSeconds).toBeGreaterThanOrEqual(projection.seconds * 0.7);
    expect(actualSeconds).toBeLessThanOrEqual(projection.seconds * 1.3);
  }, 60_000);
});

describe("a run without a sample", () => {
  it("reserves the default per item until it has its own answers, then their p95, and stops at 80-100 % of its budget", async () => {
    simulator.setKnobs({ latencyMs: 1 });
    // What an answer costs, measured on another dataset (so this run still has no sample of its own).
    const probeDataset = await app.fixtures.createLeadsDataset(10);
    const probe = await app.fixtures.waitForRun((await app.createRun({ datasetId: probeDataset.id, kind: "full", ...settings, useCache: false })).id);
    const perAnswer = Number(probe.costNanos) / probe.completedCount;
    const dataset = await app.fixtures.createLeadsDataset(120);
    // About 60 answers' worth: far more than 20 answers, far less than the run.
    const budgetNanos = Math.round(perAnswer * 60);
    const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", ...settings, budgetUsd: budgetNanos / 1e9 });
    const run = await app.fixtures.waitForRun(id, ["paused", "completed"]);
    expect(run).toMatchObject({ status: "paused", pauseKind: "budget", outputTokensBasis: "own_answers" });
    expect(run.outputTokensEstimate).toBeLessThan(100);
    expect(Number(run.costNanos)).toBeLessThanOrEqual(budgetNanos);
    expect(Number(run.costNanos)).toBeGreaterThanOrEqual(0.8 * budgetNanos);
  });
});
