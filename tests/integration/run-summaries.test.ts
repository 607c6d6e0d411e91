// GET /api/runs summarises every listed run from one grouped query over their batches: each
// summary must say what the run's own batch rows say (first-pass batches finished, the last batch
// written, retry passes included), and the same as GET /api/runs/:id.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";

let simulator: SimulatorServer;
let app: InProcessApp;

beforeAll(async () => {
  ({ simulator, app } = await startInProcessApp());
});

afterAll(() => stopInProcessApp(simulator));

const prompt = { template: "Classify this lead. Title: {{title}}. Notes: {{notes}}" };

describe("listRunSummaries", () => {
  it("gives each run its own batches and progress line, as getRunSummary does", async () => {
    const plain = await app.fixtures.createLeadsDataset(45);
    const flaky = await app.fixtures.createLeadsDataset(40);
    const { id: first } = await app.createRun({ datasetId: plain.id, kind: "full", prompt, batchSize: 10 });
    await app.fixtures.waitForRun(first);
    // Half the calls fail: the run goes through retry passes, whose batches are numbered anew.
    simulator.setKnobs({ latencyMs: 0, failureRate: 0.5 });
    const { id: second } = await app.createRun({ datasetId: flaky.id, kind: "full", prompt, batchSize: 8, errorThreshold: 1 });
    await app.fixtures.waitForRun(second);
    simulator.setKnobs({ latencyMs: 0 });
    // Not started yet: no batches at all.
    const idle = await app.insertRun({ datasetId: plain.id, kind: "full", prompt });

    const listed = new Map((await app.listRunSummaries()).map((run) => [run.id, run]));
    for (const id of [first, second, idle.id]) {
      const summary = listed.get(id);
      expect(summary).toEqual(await app.getRunSummary(id));
      const batches = await app.db.runBatch.findMany({ where: { runId: id }, orderBy: [{ pass: "desc" }, { number: "desc" }] });
      expect(summary?.batches.done).toBe(batches.filter((b) => b.pass === 0 && b.finishedAt !== null).length);
      const last = batches[0];
      if (!last) expect(summary?.progressLine).toMatch(/^Waiting to start\./);
      else if (last.pass === 0) expect(summary?.progressLine).toMatch(new RegExp(`^Batch ${last.number}/${summary?.batches.total} complete\\.`));
      else expect(summary?.progressLine).toMatch(new RegExp(`^Retry pass ${last.pass}: batch ${last.number}/${last.number} complete\\.`));
    }
    expect(listed.get(first)?.batches).toEqual({ done: 5, total: 5 });
    expect(listed.get(second)?.batches).toEqual({ done: 5, total: 5 });
    expect(listed.get(second)?.progressLine).toMatch(/^Retry pass [12]: batch/);
    // Never to be executed: not left queued for another file's executor to pick up.
    await app.db.run.delete({ where: { id: idle.id } });
  });
});
