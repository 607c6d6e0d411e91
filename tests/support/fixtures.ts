// Test data written straight through the app's Prisma client.
import { db } from "@/lib/db";

/** A dataset of `count` leads; each row's notes are distinct so every rendered input differs. */
export async function createLeadsDataset(count: number, name = "leads") {
  const columns = ["name", "title", "notes"];
  const dataset = await db.dataset.create({ data: { name, columns: JSON.stringify(columns), rowCount: count } });
  const rows = Array.from({ length: count }, (_, index) => ({
    datasetId: dataset.id,
    index,
    cells: JSON.stringify([`Person ${index}`, index % 2 ? "CTO" : "Intern", `asked about pricing, note ${index}`]),
  }));
  for (let i = 0; i < rows.length; i += 500) await db.datasetRow.createMany({ data: rows.slice(i, i + 500) });
  return dataset;
}

/** Polls until the run has ended (or is paused, when asked), then returns it. */
export async function waitForRun(runId: string, until: string[] = ["completed", "failed", "cancelled"], timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
    if (until.includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} is still ${run.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
