// Runs against a faulty endpoint, through the real openai SDK: timeouts, invalid JSON, content
// filtering, and a cancellation while a batch is in flight.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";

let simulator: SimulatorServer;
let app: InProcessApp;

// A forced timeout holds its answer for minutes: the client gives up after 1 s.
beforeAll(async () => {
  ({ simulator, app } = await startInProcessApp({ OPENAI_TIMEOUT_MS: "1000" }));
});

afterAll(() => stopInProcessApp(simulator));

const prompt = { template: "Classify: {{notes}}" };
const schema = {
  type: "object",
  properties: { qualified: { type: "boolean" }, reason: { type: "string" } },
  required: ["qualified", "reason"],
  additionalProperties: false,
};

describe("a faulty endpoint", () => {
  it("retries timeouts and invalid JSON, sends filtered content to review, and accounts for every item", async () => {
    simulator.setKnobs({ latencyMs: 1 });
    simulator.setFaults({ timeout: 0.15, invalid_json: 0.15, content_filter: 0.05 });
    const dataset = await app.fixtures.createLeadsDataset(80);
    const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, outputSchema: schema, batchSize: 20, concurrency: 10, errorThreshold: 1 });
    const run = await app.fixtures.waitForRun(id, undefined, 60_000);
    simulator.setFaults({});

    expect(run.status).toBe("completed");
    const items = await app.db.runItem.findMany({ where: { runId: id }, include: { attemptLog: { orderBy: { pass: "asc" } } } });
    expect(items.filter((i) => i.status === "completed").length + items.filter((i) => i.status === "needs_review").length).toBe(80);
    const kinds = new Set(items.flatMap((i) => i.attemptLog.filter((a) => !a.ok).map((a) => a.errorKind)));
    expect(kinds).toEqual(new Set(["timeout", "invalid_output", "content_filter"]));
    for (const item of items.filter((i) => i.status === "completed")) {
      expect(JSON.parse(item.output ?? "")).toEqual({ qualified: expect.any(Boolean), reason: expect.any(String) });
    }
    // Content filtering is permanent: such an item is not retried but goes straight to review.
    for (const item of items.filter((i) => i.errorKind === "content_filter" && i.status === "needs_review")) {
      expect(item.attemptLog.at(-1)?.errorKind).toBe("content_filter");
      expect(item.attemptLog.filter((a) => a.errorKind === "content_filter")).toHaveLength(1);
    }
    // Invalid JSON was billed (the model answered); the report counts every kind.
    const invalid = items.flatMap((i) => i.attemptLog).filter((a) => a.errorKind === "invalid_output");
    expect(invalid.every((a) => a.costNanos > 0)).toBe(true);
    const report = await app.getReport(id);
    expect(Object.keys(report.errorKinds).sort()).toEqual(["content_filter", "invalid_output", "timeout"]);
  });

  it("stops a batch in flight when the run is cancelled: no call after the cancel, unsent items stay pending", async () => {
    // Slow calls, well inside this file's 1 s client timeout.
    simulator.setKnobs({ latencyMs: 200 });
    const dataset = await app.fixtures.createLeadsDataset(40);
    const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 40, concurrency: 2, errorThreshold: 1 });
    await app.fixtures.waitForRun(id, ["running"]);
    await new Promise((resolve) => setTimeout(resolve, 700));
    await app.cancelRun(id);
    const cancelledAt = Date.now();
    const requestsAtCancel = simulator.requestCount();

    // The cancel aborts the two calls in flight at once; nothing new is sent.
    await vi.waitFor(async () => expect(await app.db.runItem.count({ where: { runId: id, status: "processing" } })).toBe(0), {
      timeout: 3_000,
      interval: 50,
    });
    expect(Date.now() - cancelledAt).toBeLessThan(1_000);
    expect(simulator.requestCount() - requestsAtCancel).toBeLessThanOrEqual(2);
    const done = await app.db.runItem.count({ where: { runId: id, status: "completed" } });
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(20);
    expect(await app.db.runItem.count({ where: { runId: id, status: "pending" } })).toBe(40 - done);
    expect((await app.db.run.findUniqueOrThrow({ where: { id } })).status).toBe("cancelled");
    simulator.setKnobs({ latencyMs: 1 });
  });
});
