// The database under concurrent use within one server process: a transaction that is rolled back
// undoes its own writes and nobody else's, reads never wait for a writer, and the run counters the
// database keeps agree with the items.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";

let simulator: SimulatorServer;
let app: InProcessApp;

beforeAll(async () => {
  ({ simulator, app } = await startInProcessApp());
});

afterAll(() => stopInProcessApp(simulator));

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("one database client shared by everything in a process", () => {
  it("a write made while another request's transaction is open survives that transaction's rollback", async () => {
    const { db } = app;
    const other = await app.fixtures.createDataset(["a"], [["1"]], "before");
    let writeDone = false;

    const refused = db.$transaction(async (tx) => {
      await tx.dataset.create({ data: { name: "refused upload", columns: "[]", rowCount: 0 } });
      // An upload awaits its file between inserts; meanwhile someone renames another dataset.
      await later(150);
      throw new Error("the upload was refused");
    });
    await later(20);
    const rename = db.dataset.update({ where: { id: other.id }, data: { name: "renamed meanwhile" } }).then(() => (writeDone = true));

    await expect(refused).rejects.toThrow("the upload was refused");
    await rename;
    expect(writeDone).toBe(true);
    expect((await db.dataset.findUniqueOrThrow({ where: { id: other.id } })).name).toBe("renamed meanwhile");
    expect(await db.dataset.count({ where: { name: "refused upload" } })).toBe(0);
  });

  it("reads are answered while a write transaction is open, and see only what was committed", async () => {
    const { db } = app;
    const dataset = await app.fixtures.createDataset(["a"], [["1"]], "read me");
    let transactionOpen = true;
    const writing = db.$transaction(async (tx) => {
      await tx.dataset.update({ where: { id: dataset.id }, data: { name: "not committed yet" } });
      await later(200);
      transactionOpen = false;
    });
    await later(20);
    const seen = await db.dataset.findUniqueOrThrow({ where: { id: dataset.id } });
    expect(transactionOpen).toBe(true);
    expect(seen.name).toBe("read me");
    await writing;
    expect((await db.dataset.findUniqueOrThrow({ where: { id: dataset.id } })).name).toBe("not committed yet");
  });

  it("keeps each run's item counters and cost equal to its items, through retries and a review retry", async () => {
    const { db } = app;
    simulator.setKnobs({ latencyMs: 1, failureRate: 0.4 });
    const dataset = await app.fixtures.createLeadsDataset(60);
    const prompt = { template: "Classify: {{notes}}" };
    const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10, errorThreshold: 1 });
    await app.fixtures.waitForRun(id);
    simulator.setKnobs({ latencyMs: 1 });
    await app.fixtures.waitForReviewJob((await app.createReviewJob({ runId: id, action: "retry" })).id);

    const run = await db.run.findUniqueOrThrow({ where: { id } });
    const groups = await db.runItem.groupBy({ by: ["status"], where: { runId: id }, _count: { _all: true } });
    const byStatus = Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
    const sums = await db.runItem.aggregate({ where: { runId: id }, _sum: { costNanos: true, tokensIn: true, tokensOut: true } });
    const { itemCounts } = await import("@/lib/server/runs/progress");
    expect(itemCounts(run)).toEqual({ pending: 0, processing: 0, completed: 0, failed: 0, needs_review: 0, skipped: 0, ...byStatus });
    expect(run.costNanos).toBe(sums._sum.costNanos);
    expect(Number(run.tokensIn)).toBe(sums._sum.tokensIn);
    expect(Number(run.tokensOut)).toBe(sums._sum.tokensOut);
    expect(run.completedCount).toBe(60);
  });
});
