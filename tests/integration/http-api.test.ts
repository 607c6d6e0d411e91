// The HTTP API as the README states it, against the built app started with `next start` on its own
// database: upload → sample → full run → batches, items, report, export → review queue.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetSummary, Page, ReviewItem, RunPreview, RunReport, RunSummary, ItemRow, BatchRow } from "@/lib/shared/api-types";
import { startApp, type AppServer } from "../support/app-server";
import { siblingDatabaseUrl } from "../support/test-database";

const LEADS = path.resolve(process.cwd(), "../shared/data/leads.csv");
let app: AppServer;

beforeAll(async () => {
  const base = process.env.BATCHWISE_TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "";
  app = await startApp({
    databaseUrl: siblingDatabaseUrl(base, `api_${process.pid}`),
    // 30 % failing: a few of ~600 sent items fail all three attempts (P(none) ≈ 1e-7).
    env: { SIMULATOR_FAILURE_RATE: "0.3", SIMULATOR_LATENCY_MS: "1" },
  });
}, 90_000);

afterAll(async () => {
  await app?.stop();
});

async function api<T>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await app.fetch(`${route}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

async function uploadLeads(): Promise<DatasetSummary> {
  const form = new FormData();
  form.append("file", new Blob([fs.readFileSync(LEADS)], { type: "text/csv" }), "leads.csv");
  const response = await app.fetch(`/api/datasets`, { method: "POST", body: form });
  expect(response.status).toBe(201);
  return (await response.json()) as DatasetSummary;
}

async function waitForRunEnd(runId: string, timeoutMs = 90_000): Promise<RunSummary> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await api<RunSummary>("GET", `/api/runs/${runId}`);
    if (["completed", "failed", "cancelled"].includes(body.status)) return body;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${body.status}: ${body.progressLine}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const prompt = { template: "Title: {{title}}\nNotes: {{notes}}\nIs this a qualified lead?" };

describe("the HTTP API, end to end", () => {
  let dataset: DatasetSummary;

  it("uploads leads.csv", async () => {
    dataset = await uploadLeads();
    expect(dataset).toMatchObject({ name: "leads", rowCount: 2080 });
    expect(dataset.columns).toEqual(["lead_id", "name", "title", "company", "industry", "employees", "country", "notes"]);
    const listed = await api<{ items: DatasetSummary[] }>("GET", "/api/datasets");
    expect(listed.body.items.map((d) => d.id)).toContain(dataset.id);
  });

  it("answers bad input with a 4xx and the API's error shape, and writes no run", async () => {
    const malformed = await api<{ error: { code: string } }>("POST", "/api/runs", "{not json");
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("bad_request");

    const unknownColumn = await api<{ error: { code: string; message: string; field: string } }>("POST", "/api/runs", {
      datasetId: dataset.id,
      kind: "sample",
      prompt: { template: "{{nope}}" },
    });
    expect(unknownColumn.status).toBe(422);
    expect(unknownColumn.body.error).toMatchObject({ code: "validation_failed", field: "prompt.template" });
    expect(unknownColumn.body.error.message).toContain("{{nope}}");

    const badNumber = await api<{ error: { field: string } }>("POST", "/api/runs", { datasetId: dataset.id, kind: "full", prompt, batchSize: "ten" });
    expect(badNumber.status).toBe(422);
    expect(badNumber.body.error.field).toBe("batchSize");

    // The preview refuses the same bodies the same way.
    const previewMalformed = await api<{ error: { code: string } }>("POST", "/api/runs/preview", "{not json");
    expect(previewMalformed.status).toBe(400);
    const previewUnknown = await api<{ error: { field: string } }>("POST", "/api/runs/preview", { datasetId: dataset.id, kind: "sample", prompt: { template: "{{nope}}" } });
    expect(previewUnknown.status).toBe(422);
    expect(previewUnknown.body.error.field).toBe("prompt.template");
    const previewMissing = await api<{ error: { code: string } }>("POST", "/api/runs/preview", { datasetId: "nope", kind: "full", prompt });
    expect(previewMissing.status).toBe(404);

    const missing = await api<{ error: { code: string } }>("GET", "/api/runs/does-not-exist");
    expect(missing.status).toBe(404);
    expect((await api<{ items: RunSummary[] }>("GET", "/api/runs")).body.items).toHaveLength(0);
  });

  it("runs a sample of 20 rows with outputs beside inputs, tokens and cost, and projects the full run", async () => {
    const created = await api<{ id: string; status: string }>("POST", "/api/runs", { datasetId: dataset.id, kind: "sample", sampleSize: 20, prompt, errorThreshold: 1 });
    expect(created.status).toBe(201);
    const run = await waitForRunEnd(created.body.id);
    expect(run.status).toBe("completed");
    expect(run.total).toBe(20);
    expect(run.simulated).toBe(true);
    const items = await api<Page<ItemRow>>("GET", `/api/runs/${run.id}/items?limit=50`);
    expect(items.body.total).toBe(20);
    const done = items.body.items.filter((i) => i.status === "completed");
    expect(done.length).toBeGreaterThan(0);
    for (const item of done) {
      expect(item.input).toMatch(/^Title: .*\nNotes: /);
      expect(item.output).toBeTruthy();
      expect(item.tokensIn).toBeGreaterThan(0);
      expect(item.costUsd).toBeGreaterThan(0);
      expect(item.latencyMs).not.toBeNull();
    }
    expect(run.projection).toMatchObject({ items: 2080 });
    expect(run.projection?.costUsd).toBeGreaterThan(run.cost.usd);
  });

  it("runs the full dataset in batches, retries, reports and exports, and fills the review queue", async () => {
    const body = { datasetId: dataset.id, kind: "full", prompt, batchSize: 50, concurrency: 10, errorThreshold: 1 };
    // leads.csv repeats many inputs (its 80 exact duplicates, and more under this template), and the sample answered some.
    const preview = await api<RunPreview>("POST", "/api/runs/preview", body);
    expect(preview.status).toBe(200);
    const { toSend, batches: batchCount } = preview.body;
    const skipped = 2080 - toSend;
    expect(preview.body.rules.find((r) => r.rule === "duplicate")?.count).toBeGreaterThanOrEqual(80);
    expect(batchCount).toBe(Math.ceil(toSend / 50));

    const created = await api<{ id: string }>("POST", "/api/runs", body);
    expect(created.status).toBe(201);
    const run = await waitForRunEnd(created.body.id);

    expect(run.status).toBe("completed");
    expect(run.total).toBe(2080);
    expect(run.batches).toEqual({ done: batchCount, total: batchCount });
    expect(run.counts.skipped).toBe(skipped);
    expect(run.counts.completed + run.counts.needs_review).toBe(toSend);
    expect(run.counts.needs_review).toBeGreaterThan(0);
    // The log reads as the run page does: what was sent apart from what the pre-filter kept back.
    const sent = toSend.toLocaleString("en-US");
    expect(app.output()).toMatch(new RegExp(`Batch ${batchCount}/${batchCount} complete\\. [\\d,]+ of ${sent} items done\\. [\\d,]+ failed at least once; [\\d,]+ still failing\\. ${skipped.toLocaleString("en-US")} skipped before sending: `));
    expect(app.output()).toMatch(/Run complete: [\d,]+ of 2,080 completed, [\d,]+ items? in review\./);
    expect(run.progress).toMatchObject({ toSend, done: toSend, percent: 100 });
    expect(run.progress.prefiltered.total).toBe(skipped);
    expect(run.progress.failedOnce).toBeGreaterThanOrEqual(run.progress.stillFailing);

    // Settings change only while paused; bad values name their field.
    type ErrorBody = { error: { code: string; field?: string; status?: string } };
    const late = await api<ErrorBody>("PATCH", `/api/runs/${run.id}`, { errorThreshold: 0.5 });
    expect(late).toMatchObject({ status: 409, body: { error: { code: "conflict", status: "completed" } } });
    expect(await api<ErrorBody>("PATCH", `/api/runs/${run.id}`, { errorThreshold: 2 })).toMatchObject({ status: 422, body: { error: { field: "errorThreshold" } } });
    expect(await api<ErrorBody>("POST", `/api/runs/${run.id}/resume`, { ignoreBreakerThisPass: "yes" })).toMatchObject({
      status: 422,
      body: { error: { field: "ignoreBreakerThisPass" } },
    });
    expect(await api<ErrorBody>("POST", `/api/runs/${run.id}/resume`)).toMatchObject({ status: 409, body: { error: { status: "completed" } } });

    const batches = await api<{ items: BatchRow[] }>("GET", `/api/runs/${run.id}/batches`);
    const firstPass = batches.body.items.filter((b) => b.pass === 0);
    expect(firstPass).toHaveLength(batchCount);
    expect(firstPass.reduce((sum, b) => sum + b.size, 0)).toBe(toSend);
    expect(batches.body.items.some((b) => b.pass === 1)).toBe(true);

    const review = await api<Page<ItemRow>>("GET", `/api/runs/${run.id}/items?status=needs_review&limit=500`);
    expect(review.body.total).toBe(run.counts.needs_review);
    expect(review.body.items.every((i) => i.attempts === 3 && i.errorKind === "server")).toBe(true);

    const report = await api<RunReport>("GET", `/api/runs/${run.id}/report`);
    expect(report.body).toMatchObject({ totalItems: 2080, completed: run.counts.completed, needsReview: run.counts.needs_review });
    expect(report.body.retryCount).toBeGreaterThan(0);
    expect(report.body.costUsd).toBeCloseTo(run.cost.usd, 9);

    const csv = await app.fetch(`/api/runs/${run.id}/export?format=csv`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("lead_id,name,title,company,industry,employees,country,notes,row,output,status,skipReason,resolution,reviewAction,reviewedBy,reviewedAt,errorKind,errorMessage,attempts,tokensIn,tokensOut,costUsd,latencyMs,itemId");
    const json = (await (await app.fetch(`/api/runs/${run.id}/export?format=json`)).json()) as Record<string, unknown>[];
    expect(json).toHaveLength(2080);

    const queue = await api<Page<ReviewItem>>("GET", `/api/review?runId=${run.id}&limit=200`);
    expect(queue.body.total).toBe(run.counts.needs_review);
    const first = queue.body.items[0];
    expect(first?.attemptErrors).toHaveLength(3);
    const resolved = await api<ItemRow>("POST", `/api/review/${first?.id}`, { action: "resolve", output: "qualified" });
    expect(resolved.body).toMatchObject({ status: "completed", output: "qualified" });
    const again = await api<{ error: { code: string } }>("POST", `/api/review/${first?.id}`, { action: "discard" });
    expect(again.status).toBe(409);
    const updated = await api<RunReport>("GET", `/api/runs/${run.id}/report`);
    expect(updated.body.needsReview).toBe(run.counts.needs_review - 1);
    // As long as waitForRunEnd may wait: a loaded machine (2 shared cores) runs the 2,080 rows slower.
  }, 120_000);
});
