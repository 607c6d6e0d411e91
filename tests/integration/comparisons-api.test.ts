// Comparisons over HTTP against the built app: bad requests refused by field with nothing written;
// three models on one sample set; agreement that catches the cheap models' mistakes; verdicts; the
// gate's suggestion; and the full run launched from it (confirmed when nothing was judged).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetSummary, ItemPage, RunSummary } from "@/lib/shared/api-types";
import type { ComparisonDetail, ComparisonListItem, ComparisonRowsPage, VerdictResult } from "@/lib/shared/comparison-types";
import { startApp, type AppServer } from "../support/app-server";
import { siblingDatabaseUrl } from "../support/test-database";

let app: AppServer;
const ROWS = 400;
const SENTIMENTS = ["loved it", "hated it", "it was fine", "not sure"];

beforeAll(async () => {
  const base = process.env.BATCHWISE_TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "";
  app = await startApp({ databaseUrl: siblingDatabaseUrl(base, `cmp_${process.pid}`), env: { SIMULATOR_LATENCY_MS: "1" } });
}, 90_000);

afterAll(async () => {
  await app?.stop();
});

type ErrorBody = { error: { code: string; message: string; field?: string; reason?: string } };

async function api<T>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await app.fetch(route, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

async function uploadReviews(): Promise<DatasetSummary> {
  const lines = ["id,review"];
  for (let i = 0; i < ROWS; i++) lines.push(`${i},"Order ${i * 17}: delivered in ${i % 9} days, ${SENTIMENTS[i % 4]}, item ${i % 31}"`);
  const form = new FormData();
  form.append("file", new Blob([lines.join("\n")], { type: "text/csv" }), "reviews.csv");
  const response = await app.fetch("/api/datasets", { method: "POST", body: form });
  expect(response.status).toBe(201);
  return (await response.json()) as DatasetSummary;
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const LABELS = ["positive", "negative", "neutral"];
const variant = (model: string, extra: Record<string, unknown> = {}) => ({
  model,
  prompt: { template: "What is the sentiment of this review? {{review}}", system: "You sort reviews." },
  labels: LABELS,
  ...extra,
});

describe("comparisons over HTTP", () => {
  let dataset: DatasetSummary;
  let comparison: ComparisonDetail;
  let runs: string[];

  it("refuses bad requests naming the field, and writes nothing", async () => {
    dataset = await uploadReviews();
    const cases: [unknown, string][] = [
      [{ datasetId: dataset.id, variants: Array.from({ length: 5 }, () => variant("gpt-4o")) }, "variants"],
      [{ datasetId: dataset.id, variants: [variant("gpt-4o"), variant("gpt-4o-mini", { prompt: { template: "{{nope}}" } })] }, "variants.1.prompt.template"],
      [{ datasetId: dataset.id, variants: [variant("gpt-4o", { labels: undefined, outputSchema: { type: "object", properties: { a: { type: "nope" } } } })] }, "variants.0.outputSchema"],
      [{ datasetId: dataset.id, variants: [variant("gpt-4o")], gate: { metric: "agreement", min: 1.5 } }, "gate.min"],
      [{ datasetId: dataset.id, variants: [variant("gpt-4o")], gate: { metric: "vibes", min: 0.5 } }, "gate.metric"],
      [{ datasetId: dataset.id, variants: [variant("gpt-4o", { labels: ["yes", " YES "] })] }, "variants.0.labels.1"],
      [{ datasetId: dataset.id, variants: [variant("gpt-4o", { labels: ["yes", "no | maybe"] })] }, "variants.0.labels.1"],
      [{ datasetId: dataset.id, variants: [variant("gpt-4o")], reference: 3 }, "reference"],
      [{ datasetId: dataset.id, variants: [variant("no-such-model")] }, "variants.0.model"],
      [{ datasetId: dataset.id, variants: [variant("gpt-4o")], sampleSize: 1001 }, "sampleSize"],
      [{ datasetId: dataset.id, variants: [variant("gpt-4o")], firstRows: true, seed: 3 }, "seed"],
      [{ datasetId: dataset.id, variants: [variant("gpt-4o", { outputSchema: { type: "object" } })] }, "variants.0.labels"],
    ];
    for (const [body, field] of cases) {
      const response = await api<ErrorBody>("POST", "/api/comparisons", body);
      expect(response.status, field).toBe(422);
      expect(response.body.error.field, JSON.stringify(response.body)).toBe(field);
    }
    expect((await api<ErrorBody>("POST", "/api/comparisons", { datasetId: "nope", variants: [variant("gpt-4o")] })).status).toBe(404);
    expect((await api<{ items: ComparisonListItem[] }>("GET", `/api/comparisons?datasetId=${dataset.id}`)).body.items).toEqual([]);
    expect((await api<{ items: RunSummary[] }>("GET", `/api/runs?datasetId=${dataset.id}`)).body.items).toEqual([]);
  });

  it("runs every variant on exactly the same drawn rows", async () => {
    const created = await api<{ id: string; runs: string[] }>("POST", "/api/comparisons", {
      datasetId: dataset.id,
      sampleSize: 200,
      seed: 7,
      variants: [variant("gpt-4o"), variant("gpt-4o-mini"), variant("gpt-4.1-nano")],
      reference: 0,
      gate: { metric: "agreement", min: 0.85 },
    });
    expect(created.status).toBe(201);
    runs = created.body.runs;
    expect(runs).toHaveLength(3);
    comparison = (await api<ComparisonDetail>("GET", `/api/comparisons/${created.body.id}`)).body;
    expect(comparison.sampleRows).toHaveLength(200);
    expect(comparison.sampleSeed).toBe(7);
    for (const runId of runs) {
      const items = await api<ItemPage>("GET", `/api/runs/${runId}/items?limit=500`);
      expect(items.body.items.map((item) => item.rowIndex).sort((a, b) => a - b)).toEqual(comparison.sampleRows);
    }
  });

  it("takes the first rows when asked, and says so by having no seed", async () => {
    const created = await api<{ id: string; runs: string[] }>("POST", "/api/comparisons", {
      datasetId: dataset.id,
      sampleSize: 5,
      firstRows: true,
      // Another model than the launch below, so these five answers are not in its response cache.
      variants: [variant("gpt-4.1-mini")],
    });
    expect(created.status).toBe(201);
    const detail = (await api<ComparisonDetail>("GET", `/api/comparisons/${created.body.id}`)).body;
    expect(detail).toMatchObject({ sampleRows: [0, 1, 2, 3, 4], sampleSeed: null, gate: { metric: "agreement", min: 0.9 }, reference: 0 });
  });

  it("measures each variant: the reference agrees with itself, the cheaper models disagree on their share of rows", async () => {
    comparison = await waitFor(
      async () => (await api<ComparisonDetail>("GET", `/api/comparisons/${comparison.id}`)).body,
      (c) => c.status !== "running",
      "the comparison to finish",
    );
    expect(comparison.status).toBe("completed");
    const [reference, mini, nano] = comparison.variants;
    expect(reference).toMatchObject({ model: "gpt-4o", completed: 200, failed: 0, agreement: 1, approvalRate: null, outputKind: "labels", labels: LABELS });
    expect(mini?.agreement).toBeGreaterThan(0.85);
    expect(mini?.agreement).toBeLessThan(0.97);
    expect(nano?.agreement).toBeGreaterThan(0.6);
    expect(nano?.agreement).toBeLessThan(0.85);
    // Priced as the models they stand for: gpt-4o costs many times what gpt-4.1-nano does.
    expect(reference?.costPerItemUsd ?? 0).toBeGreaterThan((nano?.costPerItemUsd ?? 1) * 10);
    for (const v of comparison.variants) {
      expect(v.latencyP50Ms).not.toBeNull();
      expect(v.projectedFullRun?.items).toBe(ROWS);
      expect(v.projectedFullRun?.usdLow ?? 1).toBeLessThanOrEqual(v.projectedFullRun?.usdHigh ?? 0);
      // The prompt comes back as given: the label line the run carries is not part of it.
      expect(v.prompt.system).toBe("You sort reviews.");
    }
    expect(comparison.suggestion).toMatchObject({ variant: 1 });
    expect(comparison.suggestion?.savingUsd).toBeGreaterThan(0);
    expect(comparison.suggestion?.reason).toContain("gpt-4o-mini");
  }, 120_000);

  it("shows the rows side by side, the disagreements marked", async () => {
    const rows = await api<ComparisonRowsPage>("GET", `/api/comparisons/${comparison.id}/rows?filter=disagreements&limit=200`);
    expect(rows.status).toBe(200);
    expect(rows.body.columns).toEqual(["id", "review"]);
    const mini = comparison.variants[1];
    const nano = comparison.variants[2];
    // Every row the cheap models got wrong, and no other.
    const expected = Math.round((1 - (mini?.agreement ?? 0)) * 200);
    expect(rows.body.total).toBeGreaterThanOrEqual(expected);
    expect(rows.body.total).toBeLessThanOrEqual(expected + Math.round((1 - (nano?.agreement ?? 0)) * 200));
    for (const row of rows.body.rows) {
      expect(row.values.review).toContain("Order");
      expect(row.cells[0]?.agrees).toBeNull();
      expect(row.cells.some((cell) => cell?.agrees === false)).toBe(true);
    }
    expect((await api<ErrorBody>("GET", `/api/comparisons/${comparison.id}/rows?filter=odd`)).body.error.field).toBe("filter");
  });

  it("asks for confirmation before launching with nothing judged", async () => {
    const refused = await api<ErrorBody>("POST", `/api/comparisons/${comparison.id}/launch`, { variant: 1 });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: "conflict", field: "confirmUnjudged", reason: "confirmation_required" });
    expect((await api<ErrorBody>("POST", `/api/comparisons/${comparison.id}/launch`, { variant: 9, confirmUnjudged: true })).body.error.field).toBe("variant");
  });

  it("records verdicts, lets them change, and turns them into an approval rate", async () => {
    const rows = await api<ComparisonRowsPage>("GET", `/api/comparisons/${comparison.id}/rows?limit=10`);
    const cells = rows.body.rows.map((row) => row.cells[1]);
    const miniRun = comparison.variants[1]?.runId ?? "";
    for (const cell of cells) {
      const saved = await api<VerdictResult>("POST", `/api/runs/${miniRun}/items/${cell?.itemId}/verdict`, { verdict: "approve" });
      expect(saved.status).toBe(200);
    }
    const changed = await api<VerdictResult>("POST", `/api/runs/${miniRun}/items/${cells[0]?.itemId}/verdict`, { verdict: "reject", note: "wrong label" });
    expect(changed.body).toMatchObject({ verdict: "reject", note: "wrong label" });

    const bad = await api<ErrorBody>("POST", `/api/runs/${miniRun}/items/${cells[1]?.itemId}/verdict`, { verdict: "maybe" });
    expect(bad.status).toBe(422);
    expect(bad.body.error.field).toBe("verdict");
    // An item of another run is not this run's to judge.
    expect((await api<ErrorBody>("POST", `/api/runs/${runs[0]}/items/${cells[1]?.itemId}/verdict`, { verdict: "approve" })).status).toBe(404);

    const judged = (await api<ComparisonDetail>("GET", `/api/comparisons/${comparison.id}`)).body;
    expect(judged.variants[1]).toMatchObject({ judged: 10, approvalRate: 0.9 });
    expect(judged.variants[0]?.approvalRate).toBeNull();
    expect(judged.judged).toBe(10);
    const after = await api<ComparisonRowsPage>("GET", `/api/comparisons/${comparison.id}/rows?limit=1`);
    expect(after.body.rows[0]?.cells[1]).toMatchObject({ verdict: "reject", note: "wrong label" });
  });

  it("launches the suggested variant's full run, which reuses the sample's answers", async () => {
    const launched = await api<{ id: string; status: string; variant: number }>("POST", `/api/comparisons/${comparison.id}/launch`, { variant: 1 });
    expect(launched.status).toBe(201);
    const run = await waitFor(
      async () => (await api<RunSummary & { model: string; kind: string }>("GET", `/api/runs/${launched.body.id}`)).body,
      (r) => ["completed", "failed", "cancelled"].includes(r.status),
      "the full run",
    );
    expect(run).toMatchObject({ status: "completed", kind: "full", total: ROWS });
    expect(run.progress.prefiltered.cached).toBe(200);
    const detail = (await api<ComparisonDetail>("GET", `/api/comparisons/${comparison.id}`)).body;
    expect(detail.launches).toEqual([expect.objectContaining({ runId: launched.body.id, variant: 1, status: "completed" })]);
    const listed = await api<{ items: ComparisonListItem[] }>("GET", `/api/comparisons?datasetId=${dataset.id}`);
    expect(listed.body.items).toHaveLength(2);
    expect(listed.body.items).toContainEqual(expect.objectContaining({ id: comparison.id, models: ["gpt-4o", "gpt-4o-mini", "gpt-4.1-nano"], sampleSize: 200 }));
  }, 120_000);
});
