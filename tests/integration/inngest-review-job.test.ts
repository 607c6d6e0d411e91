// The Inngest binding of bulk review jobs, executed by @inngest/test's engine: the job is claimed, then
// each chunk is its own step, through the same executeReviewJobChunk the local executor calls.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InngestTestEngine } from "@inngest/test";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";

let simulator: SimulatorServer;
let app: InProcessApp;

beforeAll(async () => {
  ({ simulator, app } = await startInProcessApp({ INNGEST_DEV: "1" }));
});

afterAll(() => stopInProcessApp(simulator));

/** A run executed on Inngest whose every item ended in review. */
async function runInReview(rows: number): Promise<string[]> {
  simulator.setKnobs({ latencyMs: 1, failureRate: 1 });
  const dataset = await app.fixtures.createLeadsDataset(rows);
  const run = await app.insertRun({ datasetId: dataset.id, kind: "full", prompt: { template: "Classify: {{notes}}" }, batchSize: 100, maxRetries: 0, errorThreshold: 1 });
  const { error } = await new InngestTestEngine({
    function: app.executeRunFunction,
    events: [{ name: "run/run.started", data: { runId: run.id, priority: 0, endpoint: "simulator#test" } }],
  }).execute();
  expect(error).toBeUndefined();
  simulator.setKnobs({ latencyMs: 1 });
  const items = await app.db.runItem.findMany({ where: { runId: run.id, status: "needs_review" }, select: { id: true } });
  expect(items).toHaveLength(rows);
  return items.map((item) => item.id);
}

const engineFor = (jobId: string) =>
  new InngestTestEngine({ function: app.executeReviewJobFunction, events: [{ name: "review/job.created", data: { jobId } }] });

describe("execute-review-job on Inngest", () => {
  it("claims the job and retries its items one chunk per step, to the same totals as the local executor", async () => {
    const ids = await runInReview(120);
    const job = await app.db.reviewJob.create({ data: { action: "retry", executor: "inngest", itemIds: JSON.stringify([...ids].sort()), total: ids.length } });

    const { result, error, ctx } = await engineFor(job.id).execute();
    expect(error).toBeUndefined();
    expect(result).toEqual({ jobId: job.id, finished: true });
    // 120 items in chunks of 100, then the step that finds nothing left and completes the job.
    expect(ctx.step.run.mock.calls.map((call) => call[0])).toEqual(["claim", "chunk-1", "chunk-2", "chunk-3"]);
    expect(await app.db.reviewJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "completed", total: 120, done: 120, failed: 0, skipped: 0 });
    expect(await app.db.runItem.count({ where: { id: { in: ids }, status: "completed", attempts: 2 } })).toBe(120);

    // A redelivered event finds the job finished: nothing is sent again.
    const requests = simulator.requestCount();
    const again = await engineFor(job.id).execute();
    expect(again.result).toEqual({ jobId: job.id, claimed: false });
    expect(simulator.requestCount()).toBe(requests);
  });

  it("out of retries, the job is failed and the items it held go back to review", async () => {
    const ids = await runInReview(3);
    const job = await app.db.reviewJob.create({ data: { action: "retry", executor: "inngest", itemIds: JSON.stringify(ids), total: 3 } });
    // As if the job had claimed its items and then its executions kept failing.
    expect(await app.claimReviewJob(job.id, "inngest")).toBe(true);
    await app.db.runItem.updateMany({ where: { id: { in: ids } }, data: { status: "processing", claim: `review:job:${job.id}:x` } });
    await app.failReviewJob(job.id, "the database went away");
    expect(await app.db.reviewJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "failed", error: "the database went away", done: 0, skipped: 0 });
    expect(await app.db.runItem.count({ where: { id: { in: ids }, status: "needs_review", claim: null } })).toBe(3);
  });
});
