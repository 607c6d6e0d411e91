// The pre-filter end to end on the local executor, against a real database and the simulator
// through the real openai SDK: duplicates sent once, short rows skipped, a repeat run answered
// from the response cache with no request at all, and a preview that says exactly what the run does.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";

let simulator: SimulatorServer;
let app: InProcessApp;

beforeAll(async () => {
  ({ simulator, app } = await startInProcessApp({}));
});

afterAll(() => stopInProcessApp(simulator));

const COLUMNS = ["lead_id", "name", "title", "notes"];
const DISTINCT = 30;
const DUPLICATED = 6;
const SHORT = 6;
const TOTAL = DISTINCT + DUPLICATED + SHORT;

/**
 * leads.csv in small: distinct leads, exact duplicates (a new id, the same content) of the first
 * six, then empty and "n/a" notes. A tag keeps this dataset's inputs apart from other tests' in
 * the shared database, so only this file's runs can answer from the cache.
 */
async function createLeadsWithNoise() {
  const tag = randomUUID().slice(0, 8);
  const lead = (i: number) => [`Person ${i}`, i % 3 ? "CTO" : "Intern", `wants a demo for ${i * 7} seats (${tag})`];
  const rows: string[][] = [];
  for (let i = 0; i < DISTINCT; i++) rows.push([`L${rows.length}`, ...lead(i)]);
  for (let i = 0; i < DUPLICATED; i++) rows.push([`L${rows.length}`, ...lead(i)]);
  for (let i = 0; i < SHORT; i++) rows.push([`L${rows.length}`, `Quiet ${i}`, "CTO", i % 2 ? "n/a" : " "]);
  return app.fixtures.createDataset(COLUMNS, rows, `leads-noise-${tag}`);
}

// Only the row's values count toward the minimum, not the template's words: "n/a" is 3, below 4.
const settings = { kind: "full" as const, prompt: { template: "Qualify this lead from the sales notes: {{notes}}" }, batchSize: 10, minInputChars: 4 };
const bodyFor = (datasetId: string, extra: Record<string, unknown> = {}) => ({ datasetId, ...settings, ...extra });
const ruleOf = (preview: Awaited<ReturnType<typeof app.previewRun>>, rule: string) => preview.rules.find((r) => r.rule === rule);

describe("the pre-filter on a run", () => {
  let datasetId: string;
  let firstRunOutputs: Map<number, string>;

  it("previews duplicates, short rows and the cost of the rest, and the run then does exactly that", async () => {
    simulator.setKnobs({ latencyMs: 1 });
    datasetId = (await createLeadsWithNoise()).id;
    const preview = await app.previewRun(bodyFor(datasetId, { minInputChars: 2 }));
    // With a minimum of 2, "n/a" goes through; the blank notes do not.
    expect(ruleOf(preview, "too_short")?.count).toBe(SHORT / 2);

    const exact = await app.previewRun(bodyFor(datasetId));
    expect(await app.db.run.count({ where: { datasetId } })).toBe(0); // a preview writes nothing
    expect(exact).toMatchObject({ total: TOTAL, toSend: DISTINCT, batches: 3, settings: { minInputChars: 4, useCache: true } });
    expect(exact.rules.map((r) => [r.rule, r.count])).toEqual([["duplicate", DUPLICATED], ["too_short", SHORT], ["cached", 0]]);
    expect(ruleOf(exact, "duplicate")?.examples).toEqual([
      { rowIndex: 30, input: expect.stringContaining("wants a demo for 0 seats"), duplicateOf: 0 },
      { rowIndex: 31, input: expect.stringContaining("wants a demo for 7 seats"), duplicateOf: 1 },
      { rowIndex: 32, input: expect.stringContaining("wants a demo for 14 seats"), duplicateOf: 2 },
    ]);
    expect(ruleOf(exact, "too_short")?.examples.map((e) => e.rowIndex)).toEqual([36, 37, 38]);
    expect(exact.outputTokens).toEqual({ perItem: 50, basis: "assumed", answers: 0 });
    expect(exact.estimatedCostUsd).toBeGreaterThan(0);
    // A duplicate costs what its original would: six of them save a fifth of what thirty cost.
    expect(ruleOf(exact, "duplicate")?.savedUsd).toBeCloseTo((exact.estimatedCostUsd * DUPLICATED) / DISTINCT, 5);

    const requestsBefore = simulator.requestCount();
    const { id } = await app.createRun(bodyFor(datasetId));
    const run = await app.fixtures.waitForRun(id);
    expect(run.status).toBe("completed");
    expect(run.totalBatches).toBe(exact.batches);
    expect(simulator.requestCount() - requestsBefore).toBe(exact.toSend);

    const items = await app.db.runItem.findMany({ where: { runId: id }, orderBy: { rowIndex: "asc" } });
    const sent = items.filter((i) => i.status === "completed");
    expect(sent).toHaveLength(DISTINCT);
    // Batches number only what is sent: 10, 10, 10.
    expect(sent.map((i) => i.batchNumber)).toEqual(sent.map((_, n) => Math.floor(n / 10) + 1));
    const batches = await app.db.runBatch.findMany({ where: { runId: id, pass: 0 }, orderBy: { number: "asc" } });
    expect(batches.map((b) => b.size)).toEqual([10, 10, 10]);
    // The pre-filtered rows are told apart, and outside the share of what was sent.
    const progress = await app.getRunSummary(id);
    expect(progress.progress).toMatchObject({
      toSend: DISTINCT,
      done: DISTINCT,
      percent: 100,
      prefiltered: { total: DUPLICATED + SHORT, duplicates: DUPLICATED, cached: 0, tooShort: SHORT },
    });
    expect(progress.progressLine).toContain(`${DUPLICATED + SHORT} skipped before sending: ${DUPLICATED} duplicates, ${SHORT} too short.`);

    for (const duplicate of items.slice(DISTINCT, DISTINCT + DUPLICATED)) {
      const original = items[duplicate.rowIndex - DISTINCT];
      expect(duplicate).toMatchObject({ status: "skipped", skipReason: `duplicate_of:${original?.rowIndex}`, batchNumber: 0, attempts: 0, tokensIn: 0, tokensOut: 0, costNanos: 0n });
      expect(duplicate.output).toBe(original?.output);
      expect(duplicate.output).toBeTruthy();
    }
    for (const short of items.slice(DISTINCT + DUPLICATED)) {
      expect(short).toMatchObject({ status: "skipped", skipReason: "too_short", output: null, costNanos: 0n, attempts: 0 });
    }

    const report = await app.getReport(id);
    expect(report).toMatchObject({ totalItems: TOTAL, completed: DISTINCT, skipped: DUPLICATED + SHORT, needsReview: 0 });
    const summary = await app.getRunSummary(id);
    expect(summary.settings).toMatchObject({ minInputChars: 4, useCache: true });
    expect(summary.batches).toEqual({ done: 3, total: 3 });
    firstRunOutputs = new Map(items.filter((i) => i.output).map((i) => [i.rowIndex, i.output ?? ""]));
  });

  it("answers an identical second run entirely from the cache: no request, no cost", async () => {
    const preview = await app.previewRun(bodyFor(datasetId));
    // Every copy of an answered input is cached, duplicates included.
    expect(preview.rules.map((r) => [r.rule, r.count])).toEqual([["duplicate", 0], ["too_short", SHORT], ["cached", DISTINCT + DUPLICATED]]);
    expect(preview).toMatchObject({ toSend: 0, batches: 0, estimatedCostUsd: 0 });
    // The first run's real answers now inform the estimate.
    expect(preview.outputTokens).toMatchObject({ basis: "earlier_runs", answers: DISTINCT });

    const requestsBefore = simulator.requestCount();
    const { id } = await app.createRun(bodyFor(datasetId));
    const run = await app.fixtures.waitForRun(id);
    expect(run.status).toBe("completed");
    expect(simulator.requestCount() - requestsBefore).toBe(0);
    expect(run.totalBatches).toBe(0);

    const items = await app.db.runItem.findMany({ where: { runId: id }, orderBy: { rowIndex: "asc" } });
    const cached = items.filter((i) => i.skipReason === "cached");
    expect(cached).toHaveLength(DISTINCT + DUPLICATED);
    for (const item of cached) {
      expect(item).toMatchObject({ status: "skipped", costNanos: 0n, tokensIn: 0, tokensOut: 0, attempts: 0 });
      expect(item.output).toBe(firstRunOutputs.get(item.rowIndex));
    }
    const report = await app.getReport(id);
    expect(report).toMatchObject({ totalItems: TOTAL, completed: 0, skipped: TOTAL, costUsd: 0 });
    const summary = await app.getRunSummary(id);
    expect(summary.progressLine).toBe(
      `No batches needed: the pre-filter skipped or answered every item. 0 of 0 items done. No failures so far. ${TOTAL} skipped before sending: ${DISTINCT + DUPLICATED} cached, ${SHORT} too short.`,
    );
    expect(summary.progress).toMatchObject({ toSend: 0, done: 0, percent: 100 });
  });

  it("sends everything again when the cache is switched off", async () => {
    const body = bodyFor(datasetId, { useCache: false });
    const preview = await app.previewRun(body);
    expect(preview).toMatchObject({ toSend: DISTINCT });
    const requestsBefore = simulator.requestCount();
    const { id } = await app.createRun(body);
    expect((await app.fixtures.waitForRun(id)).status).toBe("completed");
    expect(simulator.requestCount() - requestsBefore).toBe(DISTINCT);
  });

  it("misses the cache when the model, system prompt or output schema differ", async () => {
    const cachedCount = async (extra: Record<string, unknown>) => ruleOf(await app.previewRun(bodyFor(datasetId, extra)), "cached")?.count;
    expect(await cachedCount({})).toBe(DISTINCT + DUPLICATED);
    expect(await cachedCount({ model: "gpt-4o" })).toBe(0);
    expect(await cachedCount({ prompt: { ...settings.prompt, system: "Answer in one word." } })).toBe(0);
    expect(await cachedCount({ outputSchema: { type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"], additionalProperties: false } })).toBe(0);
  });
});

describe("a full run's progress before it starts", () => {
  it("is 0 %, with what the pre-filter removed apart from the share", async () => {
    const dataset = await createLeadsWithNoise();
    // Written, not started: what the run page shows the moment a full run is launched.
    const run = await app.insertRun({ datasetId: dataset.id, ...settings, useCache: false });
    const summary = await app.getRunSummary(run.id);
    expect(summary.progress).toMatchObject({ toSend: DISTINCT, done: 0, percent: 0, failedOnce: 0, stillFailing: 0, unsent: null });
    expect(summary.progressLine).toBe(
      `Waiting to start. 0 of ${DISTINCT} items done. No failures so far. ${DUPLICATED + SHORT} skipped before sending: ${DUPLICATED} duplicates, ${SHORT} too short.`,
    );
    await app.db.run.delete({ where: { id: run.id } });
  });
});

describe("samples and the full run", () => {
  it("previews a sample over its own rows, and the full run reuses the sample's answers", async () => {
    const dataset = await app.fixtures.createLeadsDataset(60, "prefilter-sample");
    const prompt = { template: "Classify: {{title}} / {{notes}}" };
    const samplePreview = await app.previewRun({ datasetId: dataset.id, kind: "sample", sampleSize: 12, prompt });
    expect(samplePreview).toMatchObject({ total: 12, toSend: 12 });

    const sample = await app.createRun({ datasetId: dataset.id, kind: "sample", sampleSize: 12, prompt });
    expect((await app.fixtures.waitForRun(sample.id)).status).toBe("completed");

    const full = await app.previewRun({ datasetId: dataset.id, kind: "full", prompt, sourceRunId: sample.id });
    expect(full).toMatchObject({ total: 60, toSend: 48 });
    expect(ruleOf(full, "cached")?.count).toBe(12);
    expect(full.outputTokens).toMatchObject({ basis: "earlier_runs", answers: 12 });
    const sampleItems = await app.db.runItem.findMany({ where: { runId: sample.id } });
    const averageOut = sampleItems.reduce((sum, i) => sum + i.tokensOut, 0) / sampleItems.length;
    expect(full.outputTokens.perItem).toBe(Math.round(averageOut));
  });
});

describe("review and duplicates", () => {
  it("copies a reviewed original's answer to its duplicates, and never serves a person's answer from the cache", async () => {
    const tag = randomUUID().slice(0, 8);
    const dataset = await app.fixtures.createDataset(["notes"], [[`hard case ${tag}`], [`hard case ${tag}`], [`easy case ${tag}`]]);
    const body = { datasetId: dataset.id, kind: "full" as const, prompt: { template: "Decide: {{notes}}" } };
    // Written, not started: the original is then put in review by hand, as three failed attempts would.
    const run = await app.insertRun(body);
    const [original, duplicate] = await app.db.runItem.findMany({ where: { runId: run.id }, orderBy: { rowIndex: "asc" } });
    expect(duplicate).toMatchObject({ status: "skipped", skipReason: "duplicate_of:0", output: null });
    await app.db.runItem.update({ where: { id: original?.id }, data: { status: "needs_review", attempts: 3, errorKind: "server" } });

    await app.actOnReviewItem(original?.id ?? "", { action: "resolve", output: "a person's answer" });
    const copied = await app.db.runItem.findUniqueOrThrow({ where: { id: duplicate?.id } });
    expect(copied).toMatchObject({ status: "skipped", output: "a person's answer", costNanos: 0n });

    const again = await app.previewRun(body);
    expect(ruleOf(again, "cached")?.count).toBe(0);
    expect(again.toSend).toBe(2);
    await app.db.run.delete({ where: { id: run.id } });
  });
});

describe("bad input", () => {
  it("refuses a preview exactly as it refuses the run", async () => {
    const dataset = await app.fixtures.createLeadsDataset(3);
    const cases: Record<string, unknown>[] = [
      { datasetId: dataset.id, kind: "full", prompt: { template: "{{company}}" } },
      { datasetId: dataset.id, kind: "full", prompt: { template: "{{notes}}" }, minInputChars: -1 },
      { datasetId: dataset.id, kind: "full", prompt: { template: "{{notes}}" }, useCache: "sometimes" },
      { datasetId: dataset.id, kind: "full", prompt: { template: "{{notes}}" }, model: "gpt-nonexistent" },
      { datasetId: "no-such-dataset", kind: "full", prompt: { template: "{{notes}}" } },
    ];
    for (const body of cases) {
      const previewError = await app.previewRun(body).catch((e: unknown) => e);
      const runError = await app.createRun(body).catch((e: unknown) => e);
      expect(previewError).toBeInstanceOf(Error);
      expect(previewError).toEqual(runError);
    }
  });
});
