// A real endpoint that fails: its items must say what happened (a dead endpoint names its host and
// the cause) and never keep or serve the API key, even when the provider echoes it back. The
// endpoint is a tiny server of this file's own: it answers 401 quoting the key, then is closed,
// which leaves its port dead.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";
import { asRole } from "../support/test-auth";

// Shaped like no known key (as an Azure key is plain hex): only knowing it is the configured key hides it.
const API_KEY = "azure-0f3c9a7e5b2d4c8a9e1f0a2b3c4d5e6f";
let echoServer: Server;
let port: number;
let simulator: SimulatorServer;
let app: InProcessApp;

beforeAll(async () => {
  echoServer = createServer((req, res) => {
    req.resume();
    // As some compatible servers do: the rejected credentials quoted back in the message.
    const message = `Incorrect API key provided: ${API_KEY}. Header was: ${req.headers.authorization ?? ""}`;
    // connection: close, so no pooled socket outlives the server and the dead-port test sees a clean refusal.
    res.writeHead(401, { "content-type": "application/json", connection: "close" }).end(JSON.stringify({ error: { message, type: "invalid_request_error", code: "invalid_api_key" } }));
  });
  await new Promise<void>((resolve) => echoServer.listen(0, "127.0.0.1", resolve));
  port = (echoServer.address() as AddressInfo).port;
  ({ simulator, app } = await startInProcessApp({ OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` }));
});

afterAll(async () => {
  echoServer.closeAllConnections();
  await new Promise((resolve) => echoServer.close(resolve));
  await stopInProcessApp(simulator);
});

const prompt = { template: "Classify: {{notes}}" };
// No retries and no breaker: each item fails once, and the run goes on to the end.
const settings = { kind: "full" as const, prompt, maxRetries: 0, errorThreshold: 1 };

/** Everything stored about a run's failures, and everything the API serves about it. */
async function storedAndServed(runId: string) {
  const items = await app.db.runItem.findMany({ where: { runId }, include: { attemptLog: true } });
  const getItems = asRole((await import("@/app/api/runs/[id]/items/route")).GET);
  const getRun = asRole((await import("@/app/api/runs/[id]/route")).GET);
  const context = { params: Promise.resolve({ id: runId }) };
  const served = [
    await (await getItems(new Request(`http://127.0.0.1/api/runs/${runId}/items`), context)).text(),
    await (await getRun(new Request(`http://127.0.0.1/api/runs/${runId}`), context)).text(),
  ];
  const stored = JSON.stringify(items, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
  return { items, text: stored + served.join("") };
}

describe("errors from a real endpoint", () => {
  it("a provider that echoes the key: the key is neither stored nor served", async () => {
    const dataset = await app.fixtures.createLeadsDataset(3);
    const { id } = await app.createRun({ datasetId: dataset.id, ...settings });
    await app.fixtures.waitForRun(id, ["completed", "failed", "paused"]);

    const { items, text } = await storedAndServed(id);
    expect(items.every((item) => item.errorKind === "auth")).toBe(true);
    expect(items[0]?.errorMessage).toContain("Incorrect API key provided");
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(API_KEY.slice(0, 16));
  });

  it("a dead endpoint: each item names the host and the cause", async () => {
    echoServer.closeAllConnections();
    await new Promise((resolve) => echoServer.close(resolve));
    const dataset = await app.fixtures.createLeadsDataset(3);
    const { id } = await app.createRun({ datasetId: dataset.id, ...settings });
    await app.fixtures.waitForRun(id, ["completed", "failed", "paused"]);

    const { items } = await storedAndServed(id);
    expect(items).toHaveLength(3);
    for (const item of items) {
      expect(item.errorKind).toBe("connection");
      expect(item.errorMessage).toBe(`Could not connect to 127.0.0.1:${port} (ECONNREFUSED).`);
    }
  });
});
