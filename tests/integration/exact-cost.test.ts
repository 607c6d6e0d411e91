// A run's reported cost is its tokens × list price: many small gpt-4o-mini calls on the simulator,
// which the per-call rounding up to a micro-dollar used to bill about 10 % over.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";

const MINI = { input: 0.15, output: 0.6 };
let simulator: SimulatorServer;
let app: InProcessApp;

beforeAll(async () => {
  ({ simulator, app } = await startInProcessApp({}));
});

afterAll(() => stopInProcessApp(simulator));

describe("exact cost accounting", () => {
  it("reports a run of 300 tiny gpt-4o-mini calls at tokens × list price within 0.1 %", async () => {
    const dataset = await app.fixtures.createLeadsDataset(300);
    const { id } = await app.createRun({
      datasetId: dataset.id,
      kind: "full",
      model: "gpt-4o-mini",
      prompt: { template: "Label: {{title}}. {{notes}}" },
      outputSchema: null,
      batchSize: 50,
      concurrency: 10,
      useCache: false,
    });
    expect((await app.fixtures.waitForRun(id, undefined, 60_000)).status).toBe("completed");

    const attempts = await app.db.itemAttempt.findMany({ where: { runId: id }, select: { tokensIn: true, tokensOut: true } });
    const tokensIn = attempts.reduce((sum, a) => sum + a.tokensIn, 0);
    const tokensOut = attempts.reduce((sum, a) => sum + a.tokensOut, 0);
    const listUsd = (tokensIn * MINI.input + tokensOut * MINI.output) / 1_000_000;
    // What rounding each call up to a whole micro-dollar made of the same calls.
    // (gpt-4o-mini is 150 n$ a token in, 600 n$ out.)
    const roundedUpUsd = attempts.reduce((sum, a) => sum + Math.ceil((a.tokensIn * 150 + a.tokensOut * 600) / 1_000), 0) / 1e6;

    const summary = await app.getRunSummary(id);
    const report = await app.getReport(id);
    console.log(
      `[exact-cost] ${attempts.length} calls, ${tokensIn} in / ${tokensOut} out: list $${listUsd.toFixed(6)}, reported $${summary.cost.usd.toFixed(6)}, ` +
        `rounded up per call $${roundedUpUsd.toFixed(6)} (+${((roundedUpUsd / listUsd - 1) * 100).toFixed(1)} %)`,
    );
    expect(summary.cost).toMatchObject({ tokensIn, tokensOut });
    expect(Math.abs(summary.cost.usd - listUsd) / listUsd).toBeLessThan(0.001);
    // The old rounding is outside that tolerance on these calls: this test tells the two apart.
    expect(roundedUpUsd / listUsd - 1).toBeGreaterThan(0.001);
    expect(Math.abs(report.costUsd - listUsd) / listUsd).toBeLessThan(0.001);
    // The run's counter (kept by the database trigger) equals the sum of its items, to the nano-dollar.
    const items = await app.db.runItem.aggregate({ where: { runId: id }, _sum: { costNanos: true } });
    const run = await app.db.run.findUniqueOrThrow({ where: { id } });
    expect(run.costNanos).toBe(items._sum.costNanos);
  }, 120_000);
});
