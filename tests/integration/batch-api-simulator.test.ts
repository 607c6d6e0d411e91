// The built-in simulator's Batch API (lib/server/llm/simulator-batches.ts) through the openai SDK,
// and a batch-mode run that uses it: what the app does with no key.
import OpenAI, { toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import { startSimulatorServer, type SimulatorServer } from "../support/simulator-server";

let simulator: SimulatorServer;
let app: InProcessApp;
let sdk: OpenAI;

beforeAll(async () => {
  ({ simulator, app } = await startInProcessApp({ BATCH_API_MAX_REQUESTS: "10", BATCH_API_POLL_MS: "20", BATCH_API_POLL_MAX_MS: "100" }));
  sdk = new OpenAI({ apiKey: "sim", baseURL: simulator.baseURL, maxRetries: 0 });
});

afterAll(() => stopInProcessApp(simulator));

/** Generous: six engineers share two cores, and a slow run is not what these tests are about. */
const RUN_TIMEOUT_MS = 60_000;
const prompt = { template: "Classify: {{notes}}" };

function jsonl(count: number): string {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({ custom_id: `req-${i}`, method: "POST", url: "/v1/chat/completions", body: { model: "gpt-4o-mini", messages: [{ role: "user", content: `Classify lead ${i}` }] } }),
  ).join("\n");
}

async function submit(count: number) {
  const file = await sdk.files.create({ file: await toFile(Buffer.from(jsonl(count)), "input.jsonl"), purpose: "batch" });
  return sdk.batches.create({ input_file_id: file.id, endpoint: "/v1/chat/completions", completion_window: "24h", metadata: { test: "simulator" } });
}

async function lines(fileId: string | null | undefined) {
  if (!fileId) return [];
  const text = await (await sdk.files.content(fileId)).text();
  return text.trim().split("\n").map((line) => JSON.parse(line) as { custom_id: string; response: { status_code: number; body: { usage?: unknown; error?: unknown } } | null; error: { code: string } | null });
}

describe("the simulator's Batch API", { timeout: 120_000 }, () => {
  it("uploads a file, runs a batch to completion after its delay, and serves the output file", async () => {
    simulator.setBatchKnobs({ delayMs: 400, errorRate: 0, expire: false });
    const file = await sdk.files.create({ file: await toFile(Buffer.from(jsonl(3)), "input.jsonl"), purpose: "batch" });
    expect(await sdk.files.retrieve(file.id)).toMatchObject({ id: file.id, purpose: "batch", filename: "input.jsonl", bytes: jsonl(3).length });
    const batch = await sdk.batches.create({ input_file_id: file.id, endpoint: "/v1/chat/completions", completion_window: "24h", metadata: { test: "simulator" } });
    expect(batch).toMatchObject({ status: "validating", request_counts: { total: 3, completed: 0, failed: 0 }, metadata: { test: "simulator" } });

    await expect.poll(async () => (await sdk.batches.retrieve(batch.id)).status, { interval: 100, timeout: 5_000 }).toBe("completed");
    const done = await sdk.batches.retrieve(batch.id);
    expect(done.request_counts).toEqual({ total: 3, completed: 3, failed: 0 });
    const output = await lines(done.output_file_id);
    expect(output.map((l) => l.custom_id).sort()).toEqual(["req-0", "req-1", "req-2"]);
    for (const line of output) expect(line.response).toMatchObject({ status_code: 200, body: { usage: expect.any(Object) } });
    expect(done.error_file_id).toBeNull();
  });

  it("answers a share of lines with errors, and an expiring batch lists every line as batch_expired", async () => {
    simulator.setBatchKnobs({ delayMs: 0, errorRate: 0.5, expire: false });
    const failing = await sdk.batches.retrieve((await submit(40)).id);
    const errors = await lines(failing.error_file_id);
    expect(failing.request_counts?.failed).toBe(errors.length);
    expect(errors.length).toBeGreaterThan(5);
    for (const line of errors) expect(line.response?.status_code).toBe(500);

    simulator.setBatchKnobs({ delayMs: 0, errorRate: 0, expire: true });
    const expired = await sdk.batches.retrieve((await submit(4)).id);
    expect(expired.status).toBe("expired");
    expect((await lines(expired.error_file_id)).map((l) => l.error?.code)).toEqual(Array(4).fill("batch_expired"));
    simulator.setBatchKnobs({ expire: false });
  });

  it("cancels a batch in progress, lists batches newest first, and keeps them across a restart", async () => {
    simulator.setBatchKnobs({ delayMs: 60_000, errorRate: 0 });
    const first = await submit(2);
    const second = await submit(2);
    expect((await sdk.batches.cancel(second.id)).status).toBe("cancelled");
    const page = await sdk.batches.list({ limit: 2 });
    expect(page.data.map((b) => b.id)).toEqual([second.id, first.id]);
    await expect(sdk.batches.retrieve("batch-nope")).rejects.toMatchObject({ status: 404 });

    // Another simulator process on the same database sees the same batch: the state is not in memory.
    const restarted = await startSimulatorServer();
    try {
      const again = new OpenAI({ apiKey: "sim", baseURL: restarted.baseURL, maxRetries: 0 });
      const seen = await again.batches.retrieve(first.id);
      expect(seen.id).toBe(first.id);
      expect(["validating", "in_progress"]).toContain(seen.status);
    } finally {
      await restarted.close();
    }
  });
});

describe("a batch-mode run on the built-in simulator", { timeout: 120_000 }, () => {
  it("completes through the simulator's Batch API, its expired batch's items sent synchronously", async () => {
    simulator.setBatchKnobs({ delayMs: 0, errorRate: 0, expire: false });
    const dataset = await app.fixtures.createLeadsDataset(25);
    const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10, mode: "batch" });
    const run = await app.fixtures.waitForRun(id, undefined, RUN_TIMEOUT_MS);
    expect(run.status).toBe("completed");
    expect(await app.db.runItem.count({ where: { runId: id, status: "completed" } })).toBe(25);
    const views = await app.listRemoteBatches(id);
    expect(views.map((v) => [v.status, v.requestCount, v.answered])).toEqual([["completed", 10, 10], ["completed", 10, 10], ["completed", 5, 5]]);

    simulator.setBatchKnobs({ expire: true });
    const expiring = await app.fixtures.createLeadsDataset(12);
    const second = await app.createRun({ datasetId: expiring.id, kind: "full", prompt, batchSize: 10, mode: "batch" });
    const ended = await app.fixtures.waitForRun(second.id, undefined, RUN_TIMEOUT_MS);
    simulator.setBatchKnobs({ expire: false });
    expect(ended.status).toBe("completed");
    expect((await app.listRemoteBatches(second.id)).map((v) => [v.status, v.unattempted])).toEqual([["expired", 10], ["expired", 2]]);
    expect(await app.db.runItem.count({ where: { runId: second.id, status: "completed", attempts: 1 } })).toBe(12);
  });
});
