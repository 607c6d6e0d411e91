// Orchestration overhead: 10,000 items through the real batch path (processBatch: budget check,
// status updates, p-limit, rate limiter, SDK call, per-item writes, batch row, progress line)
// against a zero-latency simulator, on a fresh SQLite database; beside a bare loop that writes
// the same results with the same Prisma client, and the bare SDK calls alone.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pLimit from "p-limit";
import { startSimulatorServer } from "../support/simulator-server";
import { printTable } from "./format";

const ITEMS = 10_000;
const MODEL = "gpt-4o-mini";

interface Measured {
  label: string;
  ms: number;
  note: string;
}

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
  const { startRun } = await import("@/lib/server/runs/run-lifecycle");
  const { processBatch } = await import("@/lib/server/runs/process-batch");
  const { RUN_DEFAULTS } = await import("@/lib/shared/run-settings");
  const { callModel, createModelClient, modelEndpoint } = await import("@/lib/server/llm/client");
  const { createLeadsDataset } = await import("../support/fixtures");

  try {
    const dataset = await createLeadsDataset(ITEMS, "bench");
    const settings = { datasetId: dataset.id, kind: "full", prompt: { template: "Classify this lead. Title: {{title}}. Notes: {{notes}}" } };
    const results: Measured[] = [];

    // 1. The real batch path, batch after batch as the workflow runs it (default batch size and concurrency).
    const run = await insertRun(settings);
    const { totalBatches } = await startRun(run.id);
    let started = performance.now();
    for (let batch = 1; batch <= totalBatches; batch++) {
      const outcome = await processBatch({ runId: run.id, pass: 0, batch, batchCount: totalBatches });
      if (outcome.failed > 0 || outcome.next !== "continue") throw new Error(`batch ${batch} did not succeed: ${JSON.stringify(outcome)}`);
    }
    results.push({
      label: "processBatch (the real path)",
      ms: performance.now() - started,
      note: `${totalBatches} batches of ${RUN_DEFAULTS.batchSize}, concurrency ${RUN_DEFAULTS.concurrency}`,
    });
    const done = await db.runItem.findMany({ where: { runId: run.id }, orderBy: { rowIndex: "asc" } });
    if (done.length !== ITEMS || done.some((i) => i.status !== "completed")) throw new Error("not every item completed");

    // 2. For reference: the model calls alone, through the SDK, at the same concurrency. (Run before the
    //    bare writes: better-sqlite3 blocks the event loop, and pooled keep-alive sockets the server
    //    timed out meanwhile would be reused before their close is seen: ECONNRESET.)
    const client = createModelClient(modelEndpoint());
    const limit = pLimit(RUN_DEFAULTS.concurrency);
    started = performance.now();
    await Promise.all(done.map((item) => limit(() => callModel(client, { model: MODEL, prompt: item.input }))));
    results.push({ label: "bare SDK calls (no database)", ms: performance.now() - started, note: `concurrency ${RUN_DEFAULTS.concurrency}, no limiter` });

    // 3. The same results written by a bare loop: the writes processItem makes, nothing else.
    const bare = await insertRun(settings);
    const targets = await db.runItem.findMany({ where: { runId: bare.id }, orderBy: { rowIndex: "asc" }, select: { id: true } });
    started = performance.now();
    for (const [i, source] of done.entries()) {
      const id = targets[i]?.id;
      if (!id) throw new Error("item lists differ");
      const usage = { tokensIn: source.tokensIn, tokensOut: source.tokensOut, costNanos: source.costNanos };
      await db.$transaction([
        db.runItem.update({
          where: { id },
          data: { status: "completed", output: source.output, attempts: { increment: 1 }, ...usage, latencyMs: source.latencyMs ?? 0 },
        }),
        db.itemAttempt.create({ data: { itemId: id, pass: 0, batchNumber: source.batchNumber, ok: true, ...usage, latencyMs: source.latencyMs ?? 0 } }),
      ]);
    }
    results.push({ label: "bare loop: same writes, same client", ms: performance.now() - started, note: "one transaction per item, in sequence" });

    const path0 = results[0]?.ms ?? 0;
    const bareWrites = results[2]?.ms ?? 1;
    printTable(
      `Orchestration overhead: ${ITEMS.toLocaleString("en")} items, zero-latency simulator over HTTP, SQLite (WAL) in a temp dir`,
      ["measure", "total s", "items/s", "ms/item", "setting"],
      results.map((r) => [r.label, (r.ms / 1000).toFixed(1), (ITEMS / (r.ms / 1000)).toFixed(0), (r.ms / ITEMS).toFixed(2), r.note]),
      [`Ratio, real path / bare writes: ${(path0 / bareWrites).toFixed(2)}×. Target ≤ 2 ms/item on the real path.`],
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
