// Two people (or two clicks) acting on the same thing at once: exactly one wins, the other is told
// so with 409 and the current state, and nothing is sent to the model or billed twice.
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

/** A finished run whose every item failed its three attempts and waits for review. */
async function runThatFailedEverything(rows: number) {
  simulator.setKnobs({ latencyMs: 1, failureRate: 1 });
  const dataset = await app.fixtures.createLeadsDataset(rows);
  const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10, errorThreshold: 1 });
  await app.fixtures.waitForRun(id);
  // Slow enough that racing requests overlap the call in flight.
  simulator.setKnobs({ latencyMs: 150 });
  return id;
}

/** Settles every promise; returns the values of those that succeeded and the codes of those that failed. */
async function settle<T>(promises: Promise<T>[]) {
  const results = await Promise.allSettled(promises);
  return {
    won: results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : [])),
    lost: results.flatMap((r) => (r.status === "rejected" ? [r.reason as { code?: string; details?: { status?: string } }] : [])),
  };
}

async function attemptsOf(itemId: string) {
  return app.db.itemAttempt.count({ where: { itemId } });
}

describe("racing review actions", () => {
  it("sends an item retried twice at once to the model once; the second retry gets 409", async () => {
    const runId = await runThatFailedEverything(1);
    const [item] = (await app.listReviewQueue(0, 10, runId)).items;
    const itemId = item?.id ?? "";
    const callsBefore = simulator.receivedAttempts().length;

    const { won, lost } = await settle([app.actOnReviewItem(itemId, { action: "retry" }), app.actOnReviewItem(itemId, { action: "retry" })]);

    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({ status: "completed", attempts: 4 });
    expect(lost).toEqual([expect.objectContaining({ code: "conflict", details: expect.objectContaining({ status: "processing" }) })]);
    expect(simulator.receivedAttempts().length - callsBefore).toBe(1);
    expect(await attemptsOf(itemId)).toBe(4);
  });

  it("two bulk retries of one run's queue at once make one call per item", async () => {
    const runId = await runThatFailedEverything(20);
    const callsBefore = simulator.receivedAttempts().length;

    const jobs = await Promise.all([app.createReviewJob({ runId, action: "retry" }), app.createReviewJob({ runId, action: "retry" })]);
    const done = await Promise.all(jobs.map((job) => app.fixtures.waitForReviewJob(job.id)));

    expect(simulator.receivedAttempts().length - callsBefore).toBe(20);
    expect(done.reduce((sum, job) => sum + job.done, 0)).toBe(20);
    expect(await app.getReport(runId)).toMatchObject({ completed: 20, needsReview: 0 });
  });

  it("a resolve racing a retry is never undone: whoever wins, the item ends as the winner left it", async () => {
    const runId = await runThatFailedEverything(6);
    simulator.setKnobs({ latencyMs: 100, failureRate: 1 });
    const items = (await app.listReviewQueue(0, 10, runId)).items;
    for (const [index, item] of items.entries()) {
      // Alternate who starts first, so both orders are exercised.
      const retry = () => app.actOnReviewItem(item.id, { action: "retry" });
      const resolve = () => app.actOnReviewItem(item.id, { action: "resolve", output: "set by a person" });
      const [retried, resolved] =
        index % 2 === 0
          ? await Promise.allSettled([retry(), resolve()])
          : await Promise.allSettled([resolve(), retry()]).then(([res, ret]) => [ret, res] as const);
      const row = await app.db.runItem.findUniqueOrThrow({ where: { id: item.id } });
      if (resolved?.status === "fulfilled") {
        expect(row).toMatchObject({ status: "completed", output: "set by a person", reviewAction: "resolve" });
        expect(retried?.status).toBe("rejected");
      } else {
        // The retry won (and failed again): the item is back in review, and the resolve was refused.
        expect(retried?.status).toBe("fulfilled");
        expect(row.status).toBe("needs_review");
        expect(resolved?.reason).toMatchObject({ code: "conflict" });
      }
    }
    simulator.setKnobs({ latencyMs: 1 });
  });
});

describe("racing run controls", () => {
  it("a pause racing the run's completion: either the pause wins and the run waits, or it gets 409 and the run completes clean", async () => {
    const { finishRun } = await import("@/lib/server/runs/run-lifecycle");
    simulator.setKnobs({ latencyMs: 1 });
    for (let round = 0; round < 4; round++) {
      const dataset = await app.fixtures.createLeadsDataset(3);
      const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10 });
      await app.fixtures.waitForRun(id);
      // Put the finished run back to the moment before its last step, then race the two.
      await app.db.run.update({ where: { id }, data: { status: "running", finishedAt: null } });
      const [finished, paused] = await Promise.allSettled([finishRun(id), app.pauseRun(id)]);
      const run = await app.db.run.findUniqueOrThrow({ where: { id } });
      if (paused.status === "fulfilled") {
        expect(finished).toMatchObject({ status: "fulfilled", value: "paused" });
        expect(run).toMatchObject({ status: "paused", pauseReason: "Paused by a person." });
      } else {
        expect(paused.reason).toMatchObject({ code: "conflict", details: { status: "completed" } });
        expect(run).toMatchObject({ status: "completed", pauseReason: null });
      }
    }
  });

  it("pausing, resuming or cancelling a run that has ended answers 409 with its state", async () => {
    const dataset = await app.fixtures.createLeadsDataset(2);
    const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10 });
    await app.fixtures.waitForRun(id);
    for (const act of [app.pauseRun, app.resumeRun, app.cancelRun]) {
      await expect(act(id)).rejects.toMatchObject({ code: "conflict", details: { status: "completed" } });
    }
  });

  it("the same Idempotency-Key and body sent twice at once make one run; another body with that key is refused", async () => {
    const dataset = await app.fixtures.createLeadsDataset(3);
    const body = { datasetId: dataset.id, kind: "full", prompt, batchSize: 10 };
    const key = `key-${dataset.id}`;
    const [a, b] = await Promise.all([app.createRun(body, key), app.createRun(body, key)]);
    expect(a.id).toBe(b.id);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect(await app.db.run.count({ where: { datasetId: dataset.id } })).toBe(1);
    await expect(app.createRun({ ...body, batchSize: 11 }, key)).rejects.toMatchObject({ code: "unprocessable" });
  });
});
