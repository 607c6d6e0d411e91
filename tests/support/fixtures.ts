// Test data written straight through the app's Prisma client.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/server/db";

/**
 * A dataset of `count` leads. Each row's notes are distinct, and carry a tag of their own dataset,
 * so every rendered input differs from every other, in this dataset and in all others: the
 * pre-filter never skips a row, and the response cache never answers for a test that means to
 * call the model.
 */
export async function createLeadsDataset(count: number, name = "leads") {
  const tag = randomUUID().slice(0, 8);
  return createDataset(
    ["name", "title", "notes"],
    Array.from({ length: count }, (_, index) => [`Person ${index}`, index % 2 ? "CTO" : "Intern", `asked about pricing, note ${index} (${tag})`]),
    name,
  );
}

/** A dataset with exactly these rows (cells in column order), written as an upload would. */
export async function createDataset(columns: string[], rows: string[][], name = "fixture") {
  const dataset = await db.dataset.create({ data: { name, columns: JSON.stringify(columns), rowCount: rows.length } });
  const data = rows.map((cells, index) => ({ datasetId: dataset.id, index, cells: JSON.stringify(cells) }));
  for (let i = 0; i < data.length; i += 500) await db.datasetRow.createMany({ data: data.slice(i, i + 500) });
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

/** Polls until a bulk review job has finished (completed or failed), then returns its row. */
export async function waitForReviewJob(jobId: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await db.reviewJob.findUniqueOrThrow({ where: { id: jobId } });
    if (job.status === "completed" || job.status === "failed") return job;
    if (Date.now() > deadline) throw new Error(`review job ${jobId} is still ${job.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
