// With INNGEST_DEV set, launching a run sends run/run.started to the Inngest server, and a resume
// sends run/run.resumed; when the server cannot be reached, the run is not left behind.
// The Inngest server here is a stand-in at the network edge that records what the SDK sends.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";

interface SentEvent {
  name: string;
  data: Record<string, unknown>;
}

let simulator: SimulatorServer;
let app: InProcessApp;
let inngestServer: Server;
const received: { path: string; events: SentEvent[] }[] = [];
let refuse = false;

beforeAll(async () => {
  inngestServer = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      if (refuse) {
        res.writeHead(503).end();
        return;
      }
      const parsed = JSON.parse(body) as SentEvent | SentEvent[];
      const events = Array.isArray(parsed) ? parsed : [parsed];
      received.push({ path: req.url ?? "", events });
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ids: events.map((_, i) => `evt-${i}`), status: 200 }));
    });
  });
  await new Promise<void>((resolve) => inngestServer.listen(0, "127.0.0.1", resolve));
  const { port } = inngestServer.address() as AddressInfo;
  ({ simulator, app } = await startInProcessApp({ INNGEST_DEV: `http://127.0.0.1:${port}` }));
});

afterAll(async () => {
  await stopInProcessApp(simulator);
  await new Promise((resolve) => inngestServer.close(resolve));
});

const prompt = { template: "Classify: {{notes}}" };

describe("dispatch to Inngest", () => {
  it("sends run/run.started with the run, its priority and its endpoint, and leaves the run queued for Inngest", async () => {
    const dataset = await app.fixtures.createLeadsDataset(5);
    const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, priority: 7 });

    const started = received.flatMap((r) => r.events).find((e) => e.name === "run/run.started" && e.data.runId === id);
    expect(started?.data).toMatchObject({ runId: id, priority: 7, endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api\/simulator\/v1#[0-9a-f]{16}$/) });
    const run = await app.db.run.findUniqueOrThrow({ where: { id } });
    expect(run).toMatchObject({ executor: "inngest", status: "queued" });
    // Nothing ran in this process: the Inngest function does the work.
    expect(await app.db.itemAttempt.count({ where: { item: { runId: id } } })).toBe(0);
  });

  it("sends run/run.resumed when a paused run is resumed", async () => {
    const dataset = await app.fixtures.createLeadsDataset(5);
    const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt });
    await app.db.run.update({ where: { id }, data: { status: "paused", pauseReason: "test" } });
    await app.resumeRun(id);
    expect(received.flatMap((r) => r.events)).toContainEqual(expect.objectContaining({ name: "run/run.resumed", data: { runId: id } }));
  });

  it("pauses a run whose execution ran out of retries, and a resume starts a fresh execution", async () => {
    const { pauseAfterFailedExecution } = await import("@/lib/server/runs/control");
    const dataset = await app.fixtures.createLeadsDataset(5);
    const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt });
    await app.db.run.update({ where: { id }, data: { status: "running" } });

    // What the function's onFailure handler does once Inngest gives up on it.
    expect(await pauseAfterFailedExecution(id, "connect ECONNREFUSED (key sk-abcdefghijklmnopqrstuvwx)")).toBe(true);
    const run = await app.db.run.findUniqueOrThrow({ where: { id } });
    expect(run.status).toBe("paused");
    expect(run.pauseReason).toMatch(/^The execution stopped after repeated errors \(connect ECONNREFUSED/);
    expect(run.pauseReason).not.toContain("sk-abcdefghijklmnopqrstuvwx");

    const before = received.flatMap((r) => r.events).filter((e) => e.name === "run/run.started" && e.data.runId === id).length;
    await app.resumeRun(id);
    const started = received.flatMap((r) => r.events).filter((e) => e.name === "run/run.started" && e.data.runId === id).length;
    expect(started).toBe(before + 1);
    // A run that has ended is not paused by a late failure report.
    await app.db.run.update({ where: { id }, data: { status: "completed" } });
    expect(await pauseAfterFailedExecution(id, "late")).toBe(false);
  });

  it("removes the run again and says so when Inngest cannot be reached", async () => {
    const dataset = await app.fixtures.createLeadsDataset(5);
    refuse = true;
    try {
      await expect(app.createRun({ datasetId: dataset.id, kind: "full", prompt })).rejects.toMatchObject({
        code: "unavailable",
        status: 503,
      });
    } finally {
      refuse = false;
    }
    expect(await app.db.run.count({ where: { datasetId: dataset.id } })).toBe(0);
  });
});
