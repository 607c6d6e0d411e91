// Acceptance of Batch API mode (issue 11), against an OpenAI-compatible endpoint of the tests' own
// (not the app's simulator) with 10 % error lines and one expired batch: all of leads.csv in batch
// mode, the app killed with -9 while remote batches are out and started again. Every item settles,
// no custom_id is answered twice for one attempt, the expired batch's items are completed by the
// synchronous fallback, no batch is submitted twice, and the reported cost is half the synchronous
// price for what the Batch API answered plus the full price for what was sent synchronously.
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDbClient, type DbClient } from "@/lib/server/db";
import { startApp, type AppServer } from "../support/app-server";
import { siblingDatabaseUrl } from "../support/test-database";
import { startBatchEndpointServer, type BatchEndpointServer, type Usage } from "../support/batch-endpoint-server";
import { parseCustomId } from "@/lib/server/runs/batch-api/claims";

const LEADS = path.resolve(__dirname, "../../../shared/data/leads.csv");
const ROWS = 2_080;
// gpt-4o's list price (USD per 1M tokens), and enough output tokens a call that one micro-dollar of rounding is far below 1 %.
const PRICE = { input: 2.5, output: 10 };
const COMPLETION_TOKENS = 20_000;

let app: AppServer | undefined;
let endpoint: BatchEndpointServer | undefined;
let client: DbClient | undefined;

afterAll(async () => {
  await app?.stop("SIGKILL");
  await endpoint?.close();
  await client?.$disconnect();
});

const usd = (usage: Usage) => (usage.promptTokens * PRICE.input + usage.completionTokens * PRICE.output) / 1e6;

describe("Batch API mode, end to end", () => {
  it("runs leads.csv through an endpoint with error lines and an expired batch, surviving kill -9, billing nothing twice", async () => {
    endpoint = await startBatchEndpointServer({ completionMs: 4_000, errorLineRate: 0.1, expireBatches: [2], expiredAnsweredShare: 0.3, completionTokens: COMPLETION_TOKENS });
    const databaseUrl = siblingDatabaseUrl(process.env.BATCHWISE_TEST_DATABASE_URL ?? "", `batch_accept_${process.pid}`);
    const env = {
      OPENAI_API_KEY: "sk-test-acceptance",
      OPENAI_BASE_URL: endpoint.baseURL,
      BATCH_API_MAX_REQUESTS: "500",
      BATCH_API_POLL_MS: "300",
      BATCH_API_POLL_MAX_MS: "1000",
      BATCHWISE_LOG: "0",
    };
    app = await startApp({ databaseUrl, env });

    const form = new FormData();
    form.append("file", new Blob([fs.readFileSync(LEADS)], { type: "text/csv" }), "leads.csv");
    const dataset = (await (await app.fetch("/api/datasets", { method: "POST", body: form })).json()) as { id: string; rowCount: number };
    expect(dataset.rowCount).toBe(ROWS);
    const created = await app.fetch("/api/runs", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        datasetId: dataset.id,
        kind: "full",
        mode: "batch",
        model: "gpt-4o",
        prompt: { template: "Qualify this lead ({{lead_id}}): {{title}} at {{company}}, {{industry}}. Notes: {{notes}}" },
        batchSize: 50,
        concurrency: 8,
        errorThreshold: 1,
        useCache: false,
      }),
    });
    expect(created.status).toBe(201);
    const { id: runId } = (await created.json()) as { id: string };

    // Kill while batch 2 (the one that expires) is out.
    const deadline = Date.now() + 60_000;
    while (endpoint.batches().length < 2) {
      if (Date.now() > deadline) throw new Error(`no second batch was submitted:\n${app.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await app.stop("SIGKILL");
    const submittedAtCrash = endpoint.batches().length;

    app = await startApp({ databaseUrl, env, resetDatabase: false, apiKey: app.apiKey });
    const db = createDbClient(databaseUrl);
    client = db;
    const finishBy = Date.now() + 240_000;
    for (;;) {
      const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
      if (run.status === "completed") break;
      if (run.status !== "running" || Date.now() > finishBy) throw new Error(`run is ${run.status}: ${run.pauseReason}\n${app.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    // No batch was submitted twice: one batch per input file, one per remote batch row, the crash's included.
    const batches = endpoint.batches();
    expect(batches.length).toBeGreaterThanOrEqual(submittedAtCrash);
    expect(new Set(batches.map((b) => b.inputFileId)).size).toBe(batches.length);
    const remote = await db.remoteBatch.findMany({ where: { runId }, orderBy: [{ pass: "asc" }, { number: "asc" }] });
    expect(remote.map((r) => r.batchId)).toEqual(batches.map((b) => b.id));
    expect(remote.map((r) => r.requestCount)).toEqual([500, 500, 500, 500, 80]);
    expect(remote[1]?.status).toBe("expired");

    // Every item settled; no custom_id answered twice for the same attempt.
    const items = await db.runItem.findMany({ where: { runId }, include: { attemptLog: true } });
    expect(items).toHaveLength(ROWS);
    for (const item of items) expect(["completed", "needs_review"]).toContain(item.status);
    const answers = endpoint.batchAnswers();
    const customIds = answers.map((a) => a.customId);
    expect(new Set(customIds).size).toBe(customIds.length);
    const okAttempts = items.flatMap((item) => item.attemptLog.filter((a) => a.ok));
    expect(new Set(okAttempts.map((a) => a.itemId)).size).toBe(okAttempts.length);

    // The expired batch's never-run items were completed by the synchronous fallback, in their first attempt.
    const expired = endpoint.expiredCustomIds().map((id) => parseCustomId(id));
    expect(expired.length).toBe(350);
    const byId = new Map(items.map((item) => [item.id, item]));
    const syncAttempts = new Set(endpoint.syncAnswers().map((a) => a.attempt));
    for (const ref of expired) {
      const item = byId.get(ref?.itemId ?? "");
      expect(item?.status).toBe("completed");
      const answer = item?.attemptLog.find((a) => a.ok);
      expect(answer?.pass).toBe(0);
      expect(syncAttempts.has(answer?.id ?? "")).toBe(true);
    }
    expect(items.filter((item) => item.attemptLog.some((a) => a.errorKind === "server")).length).toBeGreaterThan(100);

    // Cost: half price for the Batch API's answers, full price for the synchronous ones (±1 %).
    const expected = answers.reduce((sum, a) => sum + usd(a.usage) / 2, 0) + endpoint.syncAnswers().reduce((sum, a) => sum + usd(a.usage), 0);
    const report = (await (await app.fetch(`/api/runs/${runId}/report`)).json()) as { costUsd: number; batchApi: { answered: number; savingUsd: number; syncPriceUsd: number; costUsd: number } };
    expect(Math.abs(report.costUsd - expected) / expected).toBeLessThan(0.01);
    expect(report.batchApi.answered).toBe(answers.length);
    expect(report.batchApi.savingUsd).toBeCloseTo(report.batchApi.syncPriceUsd - report.batchApi.costUsd, 6);
    console.log(
      `[batch api acceptance] ${batches.length} remote batches, ${answers.length} batch answers, ${endpoint.syncAnswers().length} synchronous calls; ` +
        `reported $${report.costUsd.toFixed(4)} against $${expected.toFixed(4)} expected; saving $${report.batchApi.savingUsd.toFixed(4)}`,
    );
  }, 360_000);
});
