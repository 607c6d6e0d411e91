// Run creation at scale: a 100,000-row dataset becomes a run (render, pre-filter, cache lookup,
// item writes in one transaction) — beside the pre-filter preview of the same run (reads and
// classifies, writes nothing), in the same process on a fresh SQLite database.
import { printTable, runBench } from "./format";
import { openBenchDatabase } from "./bench-database";

const ROWS = 100_000;

async function main(): Promise<void> {
  const { db, close } = await openBenchDatabase();
  const { insertRun } = await import("@/lib/server/runs/create-run");
  const { previewRun } = await import("@/lib/server/runs/preview-run");
  const { createLeadsDataset } = await import("../support/fixtures");

  try {
    const dataset = await createLeadsDataset(ROWS, "bench");
    const request = { datasetId: dataset.id, kind: "full", prompt: { template: "Classify this lead. Title: {{title}}. Notes: {{notes}}" } };
    const rows: (string | number)[][] = [];
    const measure = async (label: string, work: () => Promise<unknown>) => {
      const started = performance.now();
      await work();
      const ms = performance.now() - started;
      rows.push([label, (ms / 1000).toFixed(2), Math.round(ROWS / (ms / 1000)).toLocaleString("en-US")]);
      return ms;
    };
    const preview = await measure("preview (read, render, classify)", () => previewRun(request));
    const create = await measure("insertRun (the same + write items)", () => insertRun(request));
    const items = await db.runItem.count();
    if (items !== ROWS) throw new Error(`expected ${ROWS} items, found ${items}`);
    printTable(`Run creation, ${ROWS.toLocaleString("en-US")} rows (SQLite)`, ["step", "seconds", "rows/s"], rows, [
      `writing the items costs ${(create / preview).toFixed(1)}× the read-and-classify baseline`,
    ]);
  } finally {
    await close();
  }
}

runBench(main);
