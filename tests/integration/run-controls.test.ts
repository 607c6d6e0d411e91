// A person's controls over a paused run, on the local executor against a real database and the
// simulator: continuing a budget stop with a raised budget, changing the breaker's threshold
// while paused, resuming with the breaker off for the rest of the pass, and the races between
// them (one wins, the other gets 409). Also what the server log says about each.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";

let simulator: SimulatorServer;
let app: InProcessApp;

beforeAll(async () => {
  ({ simulator, app } = await startInProcessApp({ BATCHWISE_LOG: "1" }));
});

afterAll(() => stopInProcessApp(simulator));
afterEach(() => vi.restoreAllMocks());

const prompt = { template: "Classify: {{notes}}" };

/** The server log lines of one run, from here on. */
function captureLog(): (runId: string) => string[] {
  const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
  return (runId) =>
    log.mock.calls.flatMap((call) => {
      const line = String(call[0]);
      return line.startsWith(`[run ${runId}] `) ? [line.slice(`[run ${runId}] `.length)] : [];
    });
}

/** Settles every promise; returns the values that succeeded and the errors of those that failed. */
async function settle<T>(promises: Promise<T>[]) {
  const results = await Promise.allSettled(promises);
  return {
    won: results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : [])),
    lost: results.flatMap((r) => (r.status === "rejected" ? [r.reason as { code?: string; details?: { status?: string } }] : [])),
  };
}

const usd = (text: string) => Math.round(Number(text.replace("$", "")) * 1_000_000);

describe("a budget stop", () => {
  it("pauses naming what was not sent, and continues with a raised budget until every item is done, never spending past a budget", async () => {
    simulator.setKnobs({ latencyMs: 1, failureRate: 0 });
    const logOf = captureLog();
    const dataset = await app.fixtures.createLeadsDataset(40);
    const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10, budgetUsd: 0.0001 });

    // 1. Below one item's reservation: nothing is sent.
    let run = await app.fixtures.waitForRun(id, ["paused"]);
    expect(run.pauseKind).toBe("budget");
    const worstCase = usd(/could cost up to (\$\d+\.\d+)/.exec(run.pauseReason ?? "")?.[1] ?? "");
    expect(worstCase).toBeGreaterThan(100);
    let summary = await app.getRunSummary(id);
    expect(summary).toMatchObject({ status: "paused", pauseKind: "budget", etaSeconds: null });
    expect(summary.progress).toMatchObject({ toSend: 40, done: 0, percent: 0, unsent: { items: 40, retries: 0 } });
    expect(summary.counts).toMatchObject({ pending: 40, skipped: 0 });
    expect(summary.progressLine).toBe("Waiting to start. 0 of 40 items done. No failures so far. Stopped by budget: 40 items not sent.");

    // 2. Raised to a few items' reservations: items are sent as far as their reservations fit what is
    // left (a batch in part when only its first items fit), and the run stops short of the budget.
    const raised = 400;
    await app.changeRunSettings(id, { budgetUsd: raised / 1_000_000 });
    await app.resumeRun(id);
    run = await app.fixtures.waitForRun(id, ["paused"]);
    expect(run.pauseKind).toBe("budget");
    const done = await app.db.runItem.count({ where: { runId: id, status: "completed" } });
    expect(done).toBeGreaterThan(2);
    expect(done).toBeLessThan(40);
    expect(Number(run.costNanos)).toBeGreaterThan(0);
    expect(Number(run.costNanos) / 1_000).toBeLessThanOrEqual(raised);
    // Stopped when not one more item's reservation fits.
    expect(Number(run.costNanos) / 1_000).toBeGreaterThan(raised - worstCase / 10);
    expect(run.pauseReason).toMatch(new RegExp(`^Stopped by budget: ${40 - done} items not sent; \\$0\\.000\\d+ of \\$0\\.000400 spent\\.`));
    summary = await app.getRunSummary(id);
    expect(summary.progress).toMatchObject({ done, unsent: { items: 40 - done, retries: 0 } });
    expect(summary.counts).toMatchObject({ completed: done, pending: 40 - done, skipped: 0 });
    // A budget below what is already spent could never let a batch start.
    const tooLow = { code: "validation_failed", details: { field: "budgetUsd" } };
    await expect(app.changeRunSettings(id, { budgetUsd: 0.000001 })).rejects.toMatchObject(tooLow);
    await expect(app.resumeRun(id, { budgetUsd: 0.000001 })).rejects.toMatchObject(tooLow);
    expect((await app.db.run.findUniqueOrThrow({ where: { id } })).status).toBe("paused");

    // 3. Resumed with a budget that covers the rest: every item is sent once and completes.
    await app.resumeRun(id, { budgetUsd: 1 });
    run = await app.fixtures.waitForRun(id);
    expect(run.status).toBe("completed");
    expect(Number(run.costNanos)).toBeLessThanOrEqual(1_000_000_000);
    expect(await app.db.runItem.count({ where: { runId: id, status: "completed" } })).toBe(40);
    expect(await app.db.itemAttempt.count({ where: { item: { runId: id } } })).toBe(40);
    summary = await app.getRunSummary(id);
    expect(summary.progress).toMatchObject({ done: 40, percent: 100, unsent: null });
    expect(summary.counts.skipped).toBe(0);

    const log = logOf(id);
    expect(log.filter((line) => line.startsWith("Paused. Stopped by budget: "))).toHaveLength(2);
    expect(log).toContain(`Settings changed while paused. Budget now $${(raised / 1e6).toFixed(6)}.`);
    expect(log).toContain("Resumed by a person.");
    expect(log).toContain("Resumed by a person. Budget now $1.00.");
    expect(log).toContain("Run complete: 40 of 40 completed, 0 items in review.");
  });

});

describe("the error-rate breaker", () => {
  it("takes a threshold changed while paused: the run does not pause again at the old one", async () => {
    simulator.setKnobs({ latencyMs: 1, failureRate: 1 });
    const logOf = captureLog();
    const dataset = await app.fixtures.createLeadsDataset(30);
    const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10, errorThreshold: 0.1 });
    await app.fixtures.waitForRun(id, ["paused"]);
    expect((await app.getRunSummary(id)).pauseKind).toBe("breaker");

    await app.changeRunSettings(id, { errorThreshold: 1 });
    expect((await app.getRunSummary(id)).settings.errorThreshold).toBe(1);
    await app.resumeRun(id);
    const run = await app.fixtures.waitForRun(id);
    expect(run.status).toBe("completed");
    // All three passes ran without another pause; every item failed three times and waits for review.
    expect(await app.db.runItem.count({ where: { runId: id, status: "needs_review", attempts: 3 } })).toBe(30);
    const summary = await app.getRunSummary(id);
    expect(summary.progress).toMatchObject({ failedOnce: 30, stillFailing: 30 });
    expect(summary.progressLine).toContain("30 failed at least once; 30 still failing.");

    const log = logOf(id);
    expect(log.filter((line) => line.startsWith("Paused. Error-rate breaker: 10 of 10 items in batch 1 failed (10 server), above the 10 % threshold."))).toHaveLength(1);
    expect(log).toContain("Settings changed while paused. Error-rate threshold now 100 %.");
    expect(log).toContainEqual(expect.stringMatching(/^Batch 3\/3 complete\. 0 of 30 items done\. 30 failed at least once; 30 still failing\./));
    expect(log.some((line) => /\d\/\d+ completed|\b1 rows\b/.test(line))).toBe(false);
  });

  it("validates the threshold and only changes settings while paused", async () => {
    simulator.setKnobs({ latencyMs: 1, failureRate: 1 });
    const dataset = await app.fixtures.createLeadsDataset(20);
    const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10, errorThreshold: 0.1 });
    await app.fixtures.waitForRun(id, ["paused"]);
    await expect(app.changeRunSettings(id, { errorThreshold: 1.5 })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["errorThreshold"] })] });
    await expect(app.changeRunSettings(id, { errorThreshold: 0 })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["errorThreshold"] })] });
    await expect(app.changeRunSettings(id, { batchSize: 5 })).rejects.toMatchObject({ issues: [expect.objectContaining({ code: "unrecognized_keys" })] });
    simulator.setKnobs({ latencyMs: 1, failureRate: 0 });
    await app.resumeRun(id);
    await app.fixtures.waitForRun(id);
    await expect(app.changeRunSettings(id, { errorThreshold: 0.5 })).rejects.toMatchObject({ code: "conflict", details: { status: "completed" } });
    expect((await app.db.run.findUniqueOrThrow({ where: { id } })).errorThreshold).toBe(0.1);
  });

  it("resumed with the breaker off for this pass, finishes the pass without pausing and trips again in the next", async () => {
    simulator.setKnobs({ latencyMs: 1, failureRate: 1 });
    const logOf = captureLog();
    const dataset = await app.fixtures.createLeadsDataset(30);
    const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10, errorThreshold: 0.1 });
    await app.fixtures.waitForRun(id, ["paused"]);

    await app.resumeRun(id, { ignoreBreakerThisPass: true });
    const run = await app.fixtures.waitForRun(id, ["paused"]);
    expect(run.pauseReason).toMatch(/^Error-rate breaker: 10 of 10 items in batch 1 of retry pass 1 failed/);
    expect(run.breakerOffPass).toBe(0);
    // The whole first pass ran: three batches, one pause.
    expect(await app.db.runBatch.count({ where: { runId: id, pass: 0 } })).toBe(3);
    expect((await app.getRunSummary(id)).breakerOffPass).toBe(0);

    const log = logOf(id);
    expect(log).toContain("Resumed by a person. Error-rate breaker off for the first pass.");
    expect(log.filter((line) => line.startsWith("Error-rate breaker off for the first pass: 10 of 10 items in batch"))).toHaveLength(2);
    await app.cancelRun(id);
  });
});

describe("races", () => {
  async function breakerPausedRun() {
    simulator.setKnobs({ latencyMs: 1, failureRate: 1 });
    const dataset = await app.fixtures.createLeadsDataset(20);
    const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10, errorThreshold: 0.1, budgetUsd: 5 });
    await app.fixtures.waitForRun(id, ["paused"]);
    simulator.setKnobs({ latencyMs: 20, failureRate: 0 });
    return id;
  }

  it("two resumes at once: one wins, the other gets 409", async () => {
    const id = await breakerPausedRun();
    const { won, lost } = await settle([app.resumeRun(id), app.resumeRun(id)]);
    expect(won).toHaveLength(1);
    expect(lost).toEqual([expect.objectContaining({ code: "conflict" })]);
    expect(["running", "completed"]).toContain(lost[0]?.details?.status);
    expect((await app.fixtures.waitForRun(id)).status).toBe("completed");
  });

  it("a settings change racing a resume never undoes the resume's settings: it lands before the resume or gets 409", async () => {
    for (let round = 0; round < 3; round++) {
      const id = await breakerPausedRun();
      // Alternate who starts first, so both orders are exercised.
      const patch = () => app.changeRunSettings(id, { budgetUsd: 3, errorThreshold: 0.9 });
      const resume = () => app.resumeRun(id, { budgetUsd: 2 });
      const [patched, resumed] =
        round % 2 === 0 ? await Promise.allSettled([patch(), resume()]) : await Promise.allSettled([resume(), patch()]).then(([r, p]) => [p, r] as const);
      expect(resumed.status).toBe("fulfilled");
      const run = await app.db.run.findUniqueOrThrow({ where: { id } });
      // The resume's budget stands either way.
      expect(Number(run.budgetNanos)).toBe(2_000_000_000);
      if (patched.status === "rejected") {
        expect(patched.reason).toMatchObject({ code: "conflict" });
        expect(run.errorThreshold).toBe(0.1);
      } else {
        expect(run.errorThreshold).toBe(0.9);
      }
      expect((await app.fixtures.waitForRun(id)).status).toBe("completed");
    }
  });
});
