// Batch API mode on the Inngest binding (@inngest/test): the remote batch's waits are durable
// step.sleeps, and an execution that lost its state re-attaches to the batch it submitted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InngestTestEngine } from "@inngest/test";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";
import { startBatchEndpointServer, type BatchEndpointServer } from "../support/batch-endpoint-server";

let simulator: SimulatorServer;
let endpoint: BatchEndpointServer;
let app: InProcessApp;

beforeAll(async () => {
  endpoint = await startBatchEndpointServer({ completionMs: 0, errorLineRate: 0 });
  ({ simulator, app } = await startInProcessApp({
    INNGEST_DEV: "1",
    OPENAI_API_KEY: "sk-test-batch",
    OPENAI_BASE_URL: endpoint.baseURL,
    BATCH_API_MAX_REQUESTS: "10",
  }));
});

afterAll(async () => {
  await stopInProcessApp(simulator);
  await endpoint.close();
});

const prompt = { template: "Qualify this lead: {{notes}}" };

function engineFor(runId: string, options: Partial<InngestTestEngine.Options> = {}) {
  return new InngestTestEngine({
    function: app.executeRunFunction,
    events: [{ name: "run/run.started", data: { runId, priority: 0, endpoint: "batch#test" } }],
    ...options,
  });
}

/** Every poll wait of the first `batches` remote batches of pass 0, mocked: the engine cannot sleep. */
const sleeps = (batches: number, polls: number) =>
  Array.from({ length: batches }, (_, b) => Array.from({ length: polls }, (_, p) => ({ id: `remote-wait-0-${b + 1}-${p + 1}`, handler: () => undefined }))).flat();

describe("a batch-mode run on Inngest", { timeout: 120_000 }, () => {
  it("submits, sleeps, polls and settles each remote batch as its own steps", async () => {
    endpoint.setOptions({ completionMs: 0, errorLineRate: 0, expireBatches: [] });
    const dataset = await app.fixtures.createLeadsDataset(15);
    const run = await app.insertRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10, mode: "batch" });
    expect(run.executor).toBe("inngest");

    const { error, ctx } = await engineFor(run.id, { steps: sleeps(2, 1) }).execute();

    expect(error).toBeUndefined();
    expect(ctx.step.run.mock.calls.map((call) => call[0])).toEqual([
      "start",
      "remote-plan-0",
      "remote-submit-0-1", "remote-poll-0-1-1", "remote-settle-0-1",
      "remote-submit-0-2", "remote-poll-0-2-1", "remote-settle-0-2",
      "plan-fallback-0-from-1",
      "plan-retry-pass-1-from-1", "plan-retry-pass-2-from-1",
      "finish",
    ]);
    expect(ctx.step.sleep.mock.calls.map((call) => call[0])).toEqual(["remote-wait-0-1-1", "remote-wait-0-2-1"]);
    expect((await app.db.run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("completed");
    expect(await app.db.runItem.count({ where: { runId: run.id, status: "completed" } })).toBe(15);
  });

  it("a fresh execution re-attaches to the remote batch the lost one submitted, and submits nothing twice", async () => {
    endpoint.setOptions({ completionMs: 0, errorLineRate: 0, expireBatches: [] });
    const dataset = await app.fixtures.createLeadsDataset(8);
    const run = await app.insertRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10, mode: "batch" });
    // The first function run ends while the batch is out (its state is lost to Inngest): the run is left running.
    const lost = await engineFor(run.id, { steps: [...sleeps(1, 1), { id: "remote-poll-0-1-1", handler: () => ({ state: "stop" }) }] }).execute();
    expect(lost.error).toBeUndefined();
    expect((await app.db.run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("running");
    const created = endpoint.batches().filter((b) => b.metadata?.batchwise_run === run.id);
    expect(created).toHaveLength(1);

    // Inngest starts over with no step state: every step runs again against the database.
    const { error } = await engineFor(run.id, { steps: sleeps(1, 1) }).execute();
    expect(error).toBeUndefined();
    expect(endpoint.batches().filter((b) => b.metadata?.batchwise_run === run.id)).toHaveLength(1);
    expect((await app.db.run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("completed");
    expect(await app.db.itemAttempt.count({ where: { runId: run.id } })).toBe(8);
  });

  it("hands over to a fresh function run between remote batches, which re-attaches and submits nothing twice", async () => {
    endpoint.setOptions({ completionMs: 0, errorLineRate: 0, expireBatches: [] });
    const dataset = await app.fixtures.createLeadsDataset(30);
    const run = await app.insertRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10, mode: "batch" });
    // 8 steps per function run instead of 900: one remote batch (submit, wait, poll, settle) fits after start and plan.
    const fn = app.createExecuteRunFunction(8);
    const steps = () => [...sleeps(3, 1), { id: "continue", handler: () => ({ ids: ["continued"] }) }];
    const results: unknown[] = [];
    let event: { name: string; data: Record<string, unknown> } = { name: "run/run.started", data: { runId: run.id, priority: 0, endpoint: "batch#test" } };
    for (let execution = 0; execution < 5; execution++) {
      const { result, error, ctx } = await new InngestTestEngine({ function: fn, events: [event], steps: steps() }).execute();
      expect(error).toBeUndefined();
      results.push(result);
      const continued = ctx.step.sendEvent.mock.calls[0]?.[1] as typeof event | undefined;
      if (!continued) break;
      event = continued;
    }

    expect(results).toEqual([
      { runId: run.id, continueFrom: { pass: 0, batch: 1 } },
      { runId: run.id, continueFrom: { pass: 0, batch: 1 } },
      { runId: run.id },
    ]);
    expect((await app.db.run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("completed");
    expect(endpoint.batches().filter((b) => b.metadata?.batchwise_run === run.id)).toHaveLength(3);
    expect(await app.db.itemAttempt.count({ where: { runId: run.id } })).toBe(30);
  });
});
