// The Inngest binding of the run workflow, executed by @inngest/test's engine: steps run for real
// against the test database and the simulator; sleeps and waits for events are mocked.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { InngestTestEngine, mockCtx } from "@inngest/test";
import type { Context } from "inngest";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";

let simulator: SimulatorServer;
let app: InProcessApp;

beforeAll(async () => {
  ({ simulator, app } = await startInProcessApp({ INNGEST_DEV: "1" }));
});

afterAll(() => stopInProcessApp(simulator));

const prompt = { template: "Classify: {{notes}}" };

function engineFor(runId: string, options: Partial<InngestTestEngine.Options> = {}) {
  return new InngestTestEngine({
    function: app.executeRunFunction,
    events: [{ name: "run/run.started", data: { runId, priority: 0, endpoint: "simulator#test" } }],
    ...options,
  });
}

/** Replaces step.waitForEvent: @inngest/test's engine cannot deliver events. */
function withWaitForEvent(answer: (id: string) => Promise<unknown>) {
  return (raw: Context.Any) => {
    const ctx = mockCtx(raw);
    const waitForEvent = vi.fn((id: string) => answer(id));
    return { ...ctx, step: { ...ctx.step, waitForEvent } } as unknown as Context.Any;
  };
}

describe("execute-run on Inngest", () => {
  it("runs each batch as its own step, with a durable sleep between batches", async () => {
    simulator.setKnobs({ latencyMs: 1 });
    const dataset = await app.fixtures.createLeadsDataset(25);
    const run = await app.insertRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10, delayMs: 2_000 });
    expect(run.executor).toBe("inngest");

    const sleeps = ["delay-0-1", "delay-0-2"].map((id) => ({ id, handler: () => undefined }));
    const { result, error, ctx } = await engineFor(run.id, { steps: sleeps }).execute();

    expect(error).toBeUndefined();
    expect(result).toEqual({ runId: run.id });
    const stepIds = ctx.step.run.mock.calls.map((call) => call[0]);
    // No failures, so the retry passes plan zero batches.
    expect(stepIds).toEqual(["start", "batch-0-1", "batch-0-2", "batch-0-3", "plan-retry-pass-1-from-1", "plan-retry-pass-2-from-1", "finish"]);
    expect(ctx.step.sleep.mock.calls.map((call) => call.slice(0, 2))).toEqual([
      ["delay-0-1", 2_000],
      ["delay-0-2", 2_000],
    ]);
    const finished = await app.db.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(finished.status).toBe("completed");
    expect(await app.db.runItem.count({ where: { runId: run.id, status: "completed" } })).toBe(25);
  });

  it("re-executing a batch step skips what is done and bills nothing twice", async () => {
    simulator.setKnobs({ latencyMs: 1 });
    const dataset = await app.fixtures.createLeadsDataset(10);
    const run = await app.insertRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10 });
    // The first execution dies before its last step: the run is left running, as after a crash.
    await engineFor(run.id, { steps: [{ id: "finish", handler: () => undefined }] }).execute();
    expect((await app.db.run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("running");
    const billed = await app.db.runItem.aggregate({ where: { runId: run.id }, _sum: { costNanos: true } });
    const requestsBefore = simulator.requestCount();

    // Inngest retries a step whose result it never received: run the same step again.
    // Inngest re-executes every step whose result it lost: here, all of them.
    const { error, ctx } = await engineFor(run.id).execute();
    expect(error).toBeUndefined();
    expect(ctx.step.run.mock.calls.map((call) => call[0])).toContain("batch-0-1");
    expect((await app.db.run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("completed");
    expect(simulator.requestCount()).toBe(requestsBefore);
    const after = await app.db.runItem.aggregate({ where: { runId: run.id }, _sum: { costNanos: true } });
    expect(after._sum.costNanos).toBe(billed._sum.costNanos);
    expect(await app.db.itemAttempt.count({ where: { item: { runId: run.id } } })).toBe(10);
  });

  it("waits for the resume event after the breaker pauses, then finishes", async () => {
    simulator.setKnobs({ latencyMs: 1, failureRate: 1 });
    const dataset = await app.fixtures.createLeadsDataset(20);
    const run = await app.insertRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10 });
    const waited: string[] = [];
    const transformCtx = withWaitForEvent(async (id) => {
      waited.push(id);
      // What POST /api/runs/:id/resume does before it sends run/run.resumed.
      simulator.setKnobs({ latencyMs: 1 });
      await app.db.run.updateMany({ where: { id: run.id, status: "paused" }, data: { status: "running", pauseReason: null } });
      return { name: "run/run.resumed", data: { runId: run.id } };
    });

    const { error, ctx } = await engineFor(run.id, { transformCtx }).execute();
    expect(error).toBeUndefined();
    expect(ctx.step.run.mock.calls.map((call) => call[0])).toEqual([
      "start", "batch-0-1", "batch-0-2", "plan-retry-pass-1-from-1", "batch-1-1", "plan-retry-pass-2-from-1", "finish",
    ]);
    // The engine replays the function after each step, so the wait is met on every replay.
    expect(new Set(waited)).toEqual(new Set(["wait-for-resume-1"]));
    const finished = await app.db.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(finished.status).toBe("completed");
    expect(await app.db.runItem.count({ where: { runId: run.id, status: "completed" } })).toBe(20);
  });

  it("waits after a budget stop, and a raised budget continues the same batch until every item is done", async () => {
    simulator.setKnobs({ latencyMs: 1 });
    const dataset = await app.fixtures.createLeadsDataset(20);
    // Below one item's reservation (≈ $0.00016 with no sample to measure): the first batch is not sent.
    const run = await app.insertRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10, budgetUsd: 0.0001 });
    const budgets: { budgetNanos: number; costNanos: number; pending: number; pauseKind: string | null }[] = [];
    const handled = new Set<string>();
    const transformCtx = withWaitForEvent(async (id) => {
      // The engine replays the function after each step: act once per wait.
      if (!handled.has(id)) {
        handled.add(id);
        const paused = await app.db.run.findUniqueOrThrow({ where: { id: run.id } });
        budgets.push({ budgetNanos: Number(paused.budgetNanos), costNanos: Number(paused.costNanos), pending: paused.pendingCount, pauseKind: paused.pauseKind });
        // What POST /api/runs/:id/resume { budgetUsd } does before it sends run/run.resumed.
        await app.changeRunSettings(run.id, { budgetUsd: 1 });
        await app.db.run.updateMany({ where: { id: run.id, status: "paused" }, data: { status: "running", pauseReason: null, pauseKind: null } });
      }
      return { name: "run/run.resumed", data: { runId: run.id } };
    });

    const { error, ctx } = await engineFor(run.id, { transformCtx }).execute();
    expect(error).toBeUndefined();
    expect(budgets).toEqual([{ budgetNanos: 100_000, costNanos: 0, pending: 20, pauseKind: "budget" }]);
    expect(ctx.step.run.mock.calls.map((call) => call[0])).toEqual([
      "start", "batch-0-1", "batch-0-1-after-pause-1", "batch-0-2", "plan-retry-pass-1-from-1", "plan-retry-pass-2-from-1", "finish",
    ]);
    const finished = await app.db.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(finished.status).toBe("completed");
    expect(Number(finished.costNanos)).toBeLessThanOrEqual(1_000_000_000);
    expect(await app.db.runItem.count({ where: { runId: run.id, status: "completed" } })).toBe(20);
    expect(await app.db.itemAttempt.count({ where: { item: { runId: run.id } } })).toBe(20);
  });

  it("resumed with the breaker off for the pass, then with a new threshold, through the real resume", async () => {
    simulator.setKnobs({ latencyMs: 1, failureRate: 1 });
    // The resume's signal to Inngest: there is no Inngest server here, and the engine below plays its part.
    const { inngest } = await import("@/inngest/client");
    const sent = vi.spyOn(inngest, "send").mockResolvedValue({ ids: [] });
    const dataset = await app.fixtures.createLeadsDataset(30);
    const run = await app.insertRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10, errorThreshold: 0.1, maxRetries: 1 });
    const resumes: Record<string, unknown> = {
      "wait-for-resume-1": { ignoreBreakerThisPass: true },
      "wait-for-resume-2": { errorThreshold: 1 },
    };
    const handled = new Set<string>();
    const transformCtx = withWaitForEvent(async (id) => {
      if (!handled.has(id)) {
        handled.add(id);
        await app.resumeRun(run.id, resumes[id]);
      }
      return { name: "run/run.resumed", data: { runId: run.id } };
    });

    const { error, ctx } = await engineFor(run.id, { transformCtx }).execute();
    sent.mockRestore();
    expect(error).toBeUndefined();
    expect(ctx.step.run.mock.calls.map((call) => call[0])).toEqual([
      "start", "batch-0-1", "batch-0-2", "batch-0-3", "plan-retry-pass-1-from-1", "batch-1-1", "batch-1-2", "batch-1-3", "finish",
    ]);
    // One pause in the first pass (before the breaker was turned off for it), one in the retry pass.
    expect([...handled]).toEqual(["wait-for-resume-1", "wait-for-resume-2"]);
    const finished = await app.db.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(finished).toMatchObject({ status: "completed", breakerOffPass: 0, errorThreshold: 1 });
    expect(await app.db.runItem.count({ where: { runId: run.id, status: "needs_review", attempts: 2 } })).toBe(30);
  });

  it("ends the run when the wait for a resume runs out", async () => {
    simulator.setKnobs({ latencyMs: 1, failureRate: 1 });
    const dataset = await app.fixtures.createLeadsDataset(20);
    const run = await app.insertRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10 });
    const { error } = await engineFor(run.id, { transformCtx: withWaitForEvent(async () => null) }).execute();
    simulator.setKnobs({ latencyMs: 1 });

    expect(error).toBeUndefined();
    const ended = await app.db.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(ended.status).toBe("cancelled");
    expect(await app.db.runItem.count({ where: { runId: run.id, status: "pending" } })).toBe(10);
  });

  it("hands a long run over to a fresh function run before the step cap, which carries on from the cursor", async () => {
    simulator.setKnobs({ latencyMs: 1 });
    const dataset = await app.fixtures.createLeadsDataset(60);
    const run = await app.insertRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10 });
    // 8 steps per function run instead of 900, so six batches need the hand-over.
    const fn = app.createExecuteRunFunction(8);
    const handOver = [{ id: "continue", handler: () => ({ ids: ["continued"] }) }];

    const first = await new InngestTestEngine({
      function: fn,
      events: [{ name: "run/run.started", data: { runId: run.id, priority: 3, endpoint: "simulator#test" } }],
      steps: handOver,
    }).execute();
    expect(first.result).toEqual({ runId: run.id, continueFrom: { pass: 0, batch: 4 } });
    expect(first.ctx.step.run.mock.calls.map((call) => call[0])).toEqual(["start", "batch-0-1", "batch-0-2", "batch-0-3"]);
    expect(first.ctx.step.sendEvent.mock.calls[0]?.[1]).toMatchObject({
      name: "run/run.continued",
      data: { runId: run.id, priority: 3, endpoint: "simulator#test", from: { pass: 0, batch: 4 } },
    });
    expect(await app.db.runItem.count({ where: { runId: run.id, status: "completed" } })).toBe(30);

    const second = await new InngestTestEngine({
      function: fn,
      events: [{ name: "run/run.continued", data: { runId: run.id, priority: 3, endpoint: "simulator#test", from: { pass: 0, batch: 4 } } }],
      steps: handOver,
    }).execute();
    expect(second.result).toEqual({ runId: run.id });
    expect(second.ctx.step.run.mock.calls.map((call) => call[0])).toEqual([
      "start", "batch-0-4", "batch-0-5", "batch-0-6", "plan-retry-pass-1-from-1", "plan-retry-pass-2-from-1", "finish",
    ]);
    expect((await app.db.run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("completed");
    expect(await app.db.runItem.count({ where: { runId: run.id, status: "completed" } })).toBe(60);
    expect(await app.db.itemAttempt.count({ where: { item: { runId: run.id } } })).toBe(60);
  });

  it("is cancelled by run/run.cancelled for the same run, runs one execution per run and a few runs per endpoint", () => {
    const config = app.executeRunFunction.opts;
    expect(config.cancelOn).toEqual([expect.objectContaining({ event: expect.objectContaining({ name: "run/run.cancelled" }), match: "data.runId" })]);
    expect(config.concurrency).toEqual([
      { key: "event.data.runId", limit: 1 },
      { key: "event.data.endpoint", limit: 4, scope: "env" },
    ]);
    expect(config.priority).toEqual({ run: "event.data.priority" });
  });
});
