// The review queue on the local executor: one item resolved, retried or discarded, and a whole
// run's queue retried once the endpoint recovers — each reflected in the run's report.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";

let simulator: SimulatorServer;
let app: InProcessApp;

beforeAll(async () => {
  ({ simulator, app } = await startInProcessApp());
});

afterAll(() => stopInProcessApp(simulator));

const prompt = { template: "Classify: {{notes}}" };

/** A finished run whose every item failed its three attempts. */
async function runThatFailedEverything(rows: number) {
  simulator.setKnobs({ latencyMs: 1, failureRate: 1 });
  const dataset = await app.fixtures.createLeadsDataset(rows);
  const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10, errorThreshold: 1 });
  await app.fixtures.waitForRun(id);
  simulator.setKnobs({ latencyMs: 1 });
  return id;
}

describe("the review queue", () => {
  it("lists a run's failures with their attempt history, and one item can be resolved, retried or discarded", async () => {
    const runId = await runThatFailedEverything(3);
    const queue = await app.listReviewQueue(0, 50, runId);
    expect(queue.total).toBe(3);
    expect(queue.items[0]?.attemptErrors.map((a) => [a.pass, a.errorKind])).toEqual([[0, "server"], [1, "server"], [2, "server"]]);
    const [first, second, third] = queue.items.map((i) => i.id);

    expect(await app.actOnReviewItem(first ?? "", { action: "resolve", output: "qualified" })).toMatchObject({ status: "completed", output: "qualified" });
    expect(await app.actOnReviewItem(second ?? "", { action: "retry" })).toMatchObject({ status: "completed", attempts: 4 });
    expect(await app.actOnReviewItem(third ?? "", { action: "discard" })).toMatchObject({ status: "skipped", skipReason: "discarded in review" });
    await expect(app.actOnReviewItem(third ?? "", { action: "retry" })).rejects.toMatchObject({ code: "conflict" });
    await expect(app.actOnReviewItem(first ?? "", { action: "resolve" })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["output"] })] });

    expect(await app.getReport(runId)).toMatchObject({ completed: 2, needsReview: 0, skipped: 1 });
  });

  it("retries a whole run's queue at once when the endpoint has recovered", async () => {
    const runId = await runThatFailedEverything(25);
    const job = await app.fixtures.waitForReviewJob((await app.createReviewJob({ runId, action: "retry" })).id);
    expect(job).toMatchObject({ action: "retry", status: "completed", total: 25, done: 25, failed: 0, skipped: 0 });
    expect(await app.getReport(runId)).toMatchObject({ completed: 25, needsReview: 0 });
  });

  it("keeps what still fails in the queue, with the new error beside the old ones", async () => {
    const runId = await runThatFailedEverything(5);
    simulator.setKnobs({ latencyMs: 1, failureRate: 1 });
    const job = await app.fixtures.waitForReviewJob((await app.createReviewJob({ runId, action: "retry" })).id);
    simulator.setKnobs({ latencyMs: 1 });
    expect(job).toMatchObject({ status: "completed", total: 5, done: 0, failed: 5, skipped: 0 });
    const queue = await app.listReviewQueue(0, 50, runId);
    expect(queue.items.every((i) => i.attemptErrors.length === 4)).toBe(true);
  });

  it("discards a whole run's queue, and refuses an unknown action", async () => {
    const runId = await runThatFailedEverything(4);
    await expect(app.createReviewJob({ runId, action: "shred" })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["action"] })] });
    const job = await app.fixtures.waitForReviewJob((await app.createReviewJob({ runId, action: "discard" })).id);
    expect(job).toMatchObject({ status: "completed", total: 4, done: 4, skipped: 0 });
    expect(await app.getReport(runId)).toMatchObject({ skipped: 4, needsReview: 0 });
  });
});
