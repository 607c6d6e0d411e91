// What a run page's poll costs: GET /api/runs/:id's summary (counters, batch positions, the
// first-pass failure sum and the last 20 batches for the smoothed ETA) of a running run with
// 5,000 finished batches, beside reading the run row alone, on a fresh SQLite database.
import { printTable, runBench } from "./format";
import { openBenchDatabase } from "./bench-database";

const BATCHES = 5_000;
const ROUNDS = 300;

async function main(): Promise<void> {
  const { db, close } = await openBenchDatabase();
  const { insertRun } = await import("@/lib/server/runs/create-run");
  const { getRunSummary } = await import("@/lib/server/runs/views");
  const { recentBatchTimings } = await import("@/lib/server/runs/progress");
  const { createLeadsDataset } = await import("../support/fixtures");

  try {
    const dataset = await createLeadsDataset(2_000, "bench");
    const run = await insertRun({ datasetId: dataset.id, kind: "full", prompt: { template: "Classify: {{notes}}" }, batchSize: 20 });
    await db.run.update({ where: { id: run.id }, data: { status: "running", startedAt: new Date() } });
    const start = Date.now() - BATCHES * 1_000;
    const batches = Array.from({ length: BATCHES }, (_, i) => ({
      runId: run.id,
      pass: 0,
      number: i + 1,
      size: 20,
      ok: 18,
      failed: 2,
      startedAt: new Date(start + i * 1_000),
      finishedAt: new Date(start + i * 1_000 + 800),
    }));
    for (let i = 0; i < batches.length; i += 500) await db.runBatch.createMany({ data: batches.slice(i, i + 500) });

    const rows: (string | number)[][] = [];
    const measure = async (label: string, work: () => Promise<unknown>) => {
      await work();
      const times: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const started = performance.now();
        await work();
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const mean = times.reduce((a, b) => a + b, 0) / times.length;
      rows.push([label, mean.toFixed(2), (times[Math.floor(times.length * 0.95)] ?? 0).toFixed(2)]);
      return mean;
    };
    const baseline = await measure("the run row alone (findUnique)", () => db.run.findUnique({ where: { id: run.id } }));
    await measure("its last 20 batches alone (the ETA's read)", () => recentBatchTimings(run.id));
    const summary = await measure("getRunSummary (progress, failures, smoothed ETA)", () => getRunSummary(run.id));
    const sample = await getRunSummary(run.id);
    printTable(`Run page poll, a running run with ${BATCHES.toLocaleString("en-US")} batches (SQLite)`, ["read", "mean ms", "p95 ms"], rows, [
      `the summary costs ${(summary / baseline).toFixed(1)}× reading the row; ETA ${sample.etaSeconds} s, failed at least once ${sample.progress.failedOnce}`,
    ]);
  } finally {
    await close();
  }
}

runBench(main);
