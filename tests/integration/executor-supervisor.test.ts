// The local executor heals itself: a run whose execution died (its process gone, or its lease run
// out) is picked up by the supervisor without a restart, a run another live executor holds is left
// alone, and a step that throws is tried again.
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";

let simulator: SimulatorServer;
let app: InProcessApp;
let executor: typeof import("@/lib/server/runs/local-executor");

beforeAll(async () => {
  ({ simulator, app } = await startInProcessApp());
  executor = await import("@/lib/server/runs/local-executor");
});

afterAll(() => stopInProcessApp(simulator));

const prompt = { template: "Classify: {{notes}}" };

/** A run that was executing somewhere when that execution stopped: running, half done, leased to `owner`. */
async function orphanedRun(owner: string, leaseExpiresAt: Date) {
  const dataset = await app.fixtures.createLeadsDataset(30);
  // Written without an executor: insertRun stores the run and its items but does not start it.
  const { insertRun } = await import("@/lib/server/runs/create-run");
  const run = await insertRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10 });
  await app.db.run.update({ where: { id: run.id }, data: { status: "running", startedAt: new Date(), leaseOwner: owner, leaseExpiresAt } });
  // The dead execution had claimed its first batch.
  await app.db.runItem.updateMany({ where: { runId: run.id, batchNumber: 1 }, data: { status: "processing", claim: "batch:0:1" } });
  return run.id;
}

describe("the local executor's supervisor", () => {
  it("picks up a run whose process on this host is gone, at once, and finishes it billing each item once", async () => {
    // A pid that cannot exist on Linux (above pid_max).
    const runId = await orphanedRun(`${hostname()}:4999999:dead`, new Date(Date.now() + 60_000));
    expect(await executor.localExecutor.supervise({ runIds: [runId] })).toBe(1);
    const run = await app.fixtures.waitForRun(runId);
    expect(run).toMatchObject({ status: "completed", completedCount: 30, processingCount: 0 });
    // The lease is let go just after the last step.
    await expect.poll(async () => (await app.db.run.findUniqueOrThrow({ where: { id: runId } })).leaseOwner).toBeNull();
    const attempts = await app.db.itemAttempt.groupBy({ by: ["itemId"], where: { item: { runId } }, _count: { _all: true } });
    expect(attempts.every((a) => a._count._all === 1)).toBe(true);
  });

  it("picks up a run held by another host once its lease has run out, and leaves one with a live lease alone", async () => {
    const expired = await orphanedRun("other-host:123:gone", new Date(Date.now() - 1_000));
    const held = await orphanedRun("other-host:456:alive", new Date(Date.now() + 60_000));
    expect(await executor.localExecutor.supervise({ runIds: [expired, held] })).toBe(1);
    expect(await app.fixtures.waitForRun(expired)).toMatchObject({ status: "completed", completedCount: 30 });
    const untouched = await app.db.run.findUniqueOrThrow({ where: { id: held } });
    expect(untouched).toMatchObject({ status: "running", leaseOwner: "other-host:456:alive", completedCount: 0 });
    // Its holder is gone for good: once the lease passes, the next look takes it.
    await app.db.run.update({ where: { id: held }, data: { leaseExpiresAt: new Date(Date.now() - 1) } });
    expect(await executor.localExecutor.supervise({ runIds: [held] })).toBe(1);
    expect(await app.fixtures.waitForRun(held)).toMatchObject({ status: "completed", completedCount: 30 });
  });
});

describe("a workflow step that throws", () => {
  it("is tried again with backoff, and gives up only after the last attempt", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    let calls = 0;
    const flaky = async () => {
      calls++;
      if (calls < 3) throw new Error("database is locked");
      return "done";
    };
    await expect(executor.withRetries(flaky, "test step", 5, 1)).resolves.toBe("done");
    expect(calls).toBe(3);

    calls = 0;
    const broken = async () => {
      calls++;
      throw new Error("still broken");
    };
    await expect(executor.withRetries(broken, "test step", 4, 1)).rejects.toThrow("still broken");
    expect(calls).toBe(4);
    vi.restoreAllMocks();
  });
});
