// After a batch-mode pass's remote batches: what they did not answer is sent synchronously, in
// the run's usual batches (the first pass: items whose remote batch expired or was cancelled;
// a retry pass: its retryable failures, as in sync mode).
import "server-only";
import { db } from "@/lib/server/db";
import { planRetryPass } from "@/lib/server/runs/run-lifecycle";

/** Returns how many synchronous batches the rest of the pass takes. */
export async function planFallbackPass(runId: string, pass: number): Promise<number> {
  if (pass > 0) return planRetryPass(runId, pass);
  const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { batchSize: true } });
  const unsent = await db.runItem.count({ where: { runId, status: "pending" } });
  return Math.ceil(unsent / run.batchSize);
}
