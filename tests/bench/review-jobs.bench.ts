// Bulk review jobs: what a job costs beyond the work itself. 10,000 items in review discarded by a
// filter job (chunks of 500, a cursor and progress written per chunk) against one bare updateMany; and
// 2,000 items retried by a filter job against a zero-latency simulator (claims, per-item progress)
// against the same claims and model calls made in one bare pass. Fresh SQLite database in a temp dir.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pLimit from "p-limit";
import { startSimulatorServer } from "../support/simulator-server";
import { printTable } from "./format";

const DISCARD_ITEMS = 10_000;
const RETRY_ITEMS = 2_000;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "batchwise-bench-"));
  const simulator = await startSimulatorServer({ latencyMs: 0 });
  // lib/server/env reads the environment once, at its first import: set it before importing anything from lib.
  const databaseUrl = `file:${path.join(dir, "bench.db")}`;
  Object.assign(process.env, { DATABASE_URL: databaseUrl, APP_URL: simulator.url, OPENAI_API_KEY: "", INNGEST_DEV: "", BATCHWISE_LOG: "0" });

  const { applyMigrations } = await import("@/lib/server/migrations");
  await applyMigrations(databaseUrl);
  const { db } = await import("@/lib/server/db");
  const { insertRun } = await import("@/lib/server/runs/create-run");
  const { executeReviewJob } = await import("@/lib/server/review/jobs");
  const { retryWithModel } = await import("@/lib/server/review/queue");
  const { claimManyForReviewRetry } = await import("@/lib/server/runs/state-machine");
  const { createLeadsDataset } = await import("../support/fixtures");

  /** A run whose items all wait for review (set directly: the setup is not what is measured). */
  async function runInReview(items: number) {
    const dataset = await createLeadsDataset(items, "bench");
    const run = await insertRun({ datasetId: dataset.id, kind: "full", prompt: { template: "Classify: {{notes}}" } });
    await db.runItem.updateMany({ where: { runId: run.id }, data: { status: "needs_review", errorKind: "server", errorMessage: "500", attempts: 1 } });
    return run;
  }
  async function timeJob(action: string, runId: string): Promise<number> {
    const total = await db.runItem.count({ where: { runId, status: "needs_review" } });
    const job = await db.reviewJob.create({ data: { action, executor: "bench", filter: JSON.stringify({ runId }), total, createdAt: new Date() } });
    const started = performance.now();
    await executeReviewJob(job.id, "bench");
    const ms = performance.now() - started;
    const done = await db.reviewJob.findUniqueOrThrow({ where: { id: job.id } });
    if (done.status !== "completed" || done.done !== total) throw new Error(`job ended ${done.status} with ${done.done}/${total}`);
    return ms;
  }

  try {
    const rows: (string | number)[][] = [];
    const row = (label: string, items: number, ms: number, note: string) =>
      rows.push([label, (ms / 1000).toFixed(2), (items / (ms / 1000)).toFixed(0), (ms / items).toFixed(3), note]);

    const discardRun = await runInReview(DISCARD_ITEMS);
    row("discard job (filter)", DISCARD_ITEMS, await timeJob("discard", discardRun.id), "chunks of 500, cursor + progress per chunk");
    const bareDiscard = await runInReview(DISCARD_ITEMS);
    let started = performance.now();
    await db.runItem.updateMany({ where: { runId: bareDiscard.id, status: "needs_review" }, data: { status: "skipped", skipReason: "discarded in review" } });
    row("bare: one updateMany", DISCARD_ITEMS, performance.now() - started, "the same move, no job");

    const retryRun = await runInReview(RETRY_ITEMS);
    row("retry job (filter)", RETRY_ITEMS, await timeJob("retry", retryRun.id), `chunks of 100, run concurrency ${retryRun.concurrency}`);
    const bareRetry = await runInReview(RETRY_ITEMS);
    const ids = (await db.runItem.findMany({ where: { runId: bareRetry.id }, select: { id: true } })).map((i) => i.id);
    started = performance.now();
    const { claim } = await claimManyForReviewRetry(ids, {});
    const items = await db.runItem.findMany({ where: { claim }, select: { id: true, input: true, batchNumber: true } });
    const limit = pLimit(bareRetry.concurrency);
    await Promise.all(items.map((item) => limit(() => retryWithModel(bareRetry, { ...item, claim }))));
    row("bare: one claim, same calls", RETRY_ITEMS, performance.now() - started, "no chunks, no progress writes");

    printTable(
      "Bulk review jobs: zero-latency simulator over HTTP, SQLite (WAL) in a temp dir",
      ["measure", "total s", "items/s", "ms/item", "setting"],
      rows,
      ["A job adds its chunking, cursor and progress writes; the numbers beside it are the floor."],
    );
  } finally {
    await db.$disconnect();
    await simulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
