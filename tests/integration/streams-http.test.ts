// Streams through the HTTP API of the built app (`next start`, its in-process stream executor):
// create, feed with parallel re-sends of the same keys, read an item's result and timings, the
// refusals (unknown and missing fields, too many items, an oversized body, roles), pause and
// resume, and the stream in the runs list like a run, its dataset kept out of the uploads.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AcceptedStreamItems, CreatedStream, DatasetSummary, RunSummary, StreamItemView, StreamStats, StreamSummary } from "@/lib/shared/api-types";
import { startApp, type AppServer } from "../support/app-server";
import { siblingDatabaseUrl } from "../support/test-database";

let app: AppServer;

beforeAll(async () => {
  const base = process.env.BATCHWISE_TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "";
  app = await startApp({ databaseUrl: siblingDatabaseUrl(base, `streams_${process.pid}`), env: { SIMULATOR_LATENCY_MS: "1", JSON_BODY_MAX_BYTES: "200000" } });
}, 90_000);

afterAll(async () => {
  await app?.stop();
});

async function api<T>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await app.fetch(route, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

type ErrorBody = { error: { code: string; message: string; field?: string; unknownFields?: string[]; missingFields?: string[] } };
const definition = { name: "Leads", fields: ["company", "note"], prompt: { template: "Score this lead: {{company}}. {{note}}" }, maxBatchSize: 10, maxWaitMs: 200 };

describe("streams over HTTP", () => {
  it("takes items with idempotent keys sent in parallel, answers each once, and reports its timings", async () => {
    const created = await api<CreatedStream>("POST", "/api/streams", definition);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "running", webhookSecret: null });
    const id = created.body.id;

    const items = Array.from({ length: 25 }, (_, i) => ({ key: `lead-${i}`, data: { company: `Acme ${i}`, note: `wants ${i} seats` } }));
    const posts = await Promise.all(Array.from({ length: 5 }, () => api<AcceptedStreamItems>("POST", `/api/streams/${id}/items`, { items })));
    for (const post of posts) expect(post.status).toBe(202);
    const ids = posts[0]!.body.items.map((i) => i.id);
    expect(new Set(ids).size).toBe(25);
    for (const post of posts) expect(post.body.items.map((i) => i.id)).toEqual(ids);

    const stream = await until(() => api<StreamSummary>("GET", `/api/streams/${id}`), (r) => r.body.counts.completed === 25, "25 answers");
    expect(stream.body).toMatchObject({ total: 25, queueDepth: 0, status: "running" });
    // Each key was sent to the model once.
    const attempts = await api<{ items: { attempts: number }[]; total: number }>("GET", `/api/runs/${stream.body.runId}/items?limit=100`);
    expect(attempts.body.items.map((i) => i.attempts)).toEqual(Array(25).fill(1));

    const item = await api<StreamItemView>("GET", `/api/streams/${id}/items/${ids[3]}`);
    expect(item.status).toBe(200);
    expect(item.body).toMatchObject({ key: "lead-3", status: "completed", data: { company: "Acme 3", note: "wants 3 seats" }, error: null, attempts: 1 });
    expect(item.body.output).toBeTruthy();
    const { arrivedAt, startedAt, finishedAt, totalMs } = item.body.timings;
    expect(Date.parse(arrivedAt!)).toBeLessThanOrEqual(Date.parse(startedAt!));
    expect(Date.parse(startedAt!)).toBeLessThanOrEqual(Date.parse(finishedAt!));
    expect(totalMs).toBe(Date.parse(finishedAt!) - Date.parse(arrivedAt!));

    const stats = await api<StreamStats>("GET", `/api/streams/${id}/stats`);
    expect(stats.body.arrivalsPerMinute.reduce((sum, m) => sum + m.arrivals, 0)).toBe(25);
    expect(stats.body.latencyMs.samples).toBe(25);
    expect(stats.body.latencyMs.p95).toBeGreaterThanOrEqual(stats.body.latencyMs.p50!);
    expect(stats.body).toMatchObject({ queueDepth: 0, errorRate: 0 });

    // Exported like any run's items: the stream's fields are the columns.
    const exported = await app.fetch(`/api/runs/${stream.body.runId}/export?format=json`);
    const records = (await exported.json()) as { company: string; note: string; status: string; output: string }[];
    expect(records).toHaveLength(25);
    expect(records[0]).toMatchObject({ company: "Acme 0", note: "wants 0 seats", status: "completed" });

    // In the runs list as a stream; its dataset is not among the uploads.
    const runs = await api<{ items: RunSummary[] }>("GET", "/api/runs");
    expect(runs.body.items.find((r) => r.id === stream.body.runId)).toMatchObject({ kind: "stream", status: "running" });
    const datasets = await api<{ items: DatasetSummary[] }>("GET", "/api/datasets");
    expect(datasets.body.items.some((d) => d.name === "Stream: Leads")).toBe(false);
  });

  it("refuses bad items naming the field, oversized bodies, and unknown streams and items", async () => {
    const { body: stream } = await api<CreatedStream>("POST", "/api/streams", { ...definition, name: "Refusals" });
    const unknown = await api<ErrorBody>("POST", `/api/streams/${stream.id}/items`, { items: [{ data: { company: "a", note: "b", budget: 3 } }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error).toMatchObject({ field: "items.0.data", unknownFields: ["budget"] });
    const missing = await api<ErrorBody>("POST", `/api/streams/${stream.id}/items`, { items: [{ data: { company: "a" } }] });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatchObject({ field: "items.0.data", missingFields: ["note"] });
    const tooMany = await api<ErrorBody>("POST", `/api/streams/${stream.id}/items`, { items: Array.from({ length: 1_001 }, () => ({ data: { company: "a", note: "b" } })) });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error.field).toBe("items");
    const oversized = await api<ErrorBody>("POST", `/api/streams/${stream.id}/items`, { items: [{ data: { company: "a", note: "x".repeat(300_000) } }] });
    expect(oversized.status).toBe(413);
    expect(oversized.body.error.code).toBe("payload_too_large");
    const badField = await api<ErrorBody>("POST", "/api/streams", { ...definition, fields: ["company"] });
    expect(badField.status).toBe(422);
    expect(badField.body.error.field).toBe("prompt.template");
    const badUrl = await api<ErrorBody>("POST", "/api/streams", { ...definition, webhookUrl: "ftp://example.com" });
    expect(badUrl.body.error.field).toBe("webhookUrl");
    expect((await api("GET", "/api/streams/nope")).status).toBe(404);
    expect((await api("GET", `/api/streams/${stream.id}/items/nope`)).status).toBe(404);
    expect((await api<StreamSummary>("GET", `/api/streams/${stream.id}`)).body.total).toBe(0);

    const anonymous = await fetch(`${app.url}/api/streams/${stream.id}/items`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ items: [] }) });
    expect(anonymous.status).toBe(401);
  });

  it("pauses, queues arrivals, resumes and drains, and takes nothing once archived", async () => {
    const { body: stream } = await api<CreatedStream>("POST", "/api/streams", { ...definition, name: "Paused" });
    expect((await api<StreamSummary>("POST", `/api/streams/${stream.id}/pause`)).body.status).toBe("paused");
    expect((await api<ErrorBody>("POST", `/api/streams/${stream.id}/pause`)).status).toBe(409);
    const sent = await api<AcceptedStreamItems>("POST", `/api/streams/${stream.id}/items`, { items: [{ data: { company: "Queued", note: "while paused" } }] });
    expect(sent.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await api<StreamSummary>("GET", `/api/streams/${stream.id}`)).body.queueDepth).toBe(1);
    expect((await api<StreamSummary>("POST", `/api/streams/${stream.id}/resume`)).body.status).toBe("running");
    await until(() => api<StreamSummary>("GET", `/api/streams/${stream.id}`), (r) => r.body.counts.completed === 1, "the queued item answered");

    expect((await api<StreamSummary>("POST", `/api/streams/${stream.id}/archive`)).body.status).toBe("archived");
    const late = await api<ErrorBody>("POST", `/api/streams/${stream.id}/items`, { items: [{ data: { company: "a", note: "b" } }] });
    expect(late.status).toBe(409);
  });
});
