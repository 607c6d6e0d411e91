// Looking at a submitted remote batch: its status and counts are written to its row for the
// dashboard; a cancelled run cancels it instead.
import "server-only";
import type { Batch } from "openai/resources/batches";
import { db } from "@/lib/server/db";
import { isEnded } from "@/lib/server/runs/status";
import { cancelRemoteBatches } from "./cancel";
import { remoteCallFor } from "./remote-settings";

/** Statuses after which a remote batch changes no more. */
export const FINAL_BATCH_STATUSES: readonly string[] = ["completed", "failed", "expired", "cancelled"];

export type PollOutcome = { state: "waiting" | "ended" | "stop" };

export async function pollRemoteBatch(runId: string, pass: number, number: number): Promise<PollOutcome> {
  const remote = await db.remoteBatch.findUniqueOrThrow({ where: { runId_pass_number: { runId, pass, number } } });
  // Ended once its final state (files included) is written down; a status alone may come from the submit step's look.
  if (remote.settledAt || (FINAL_BATCH_STATUSES.includes(remote.status) && remote.finishedAt)) return { state: "ended" };
  const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
  if (isEnded(run.status)) {
    await cancelRemoteBatches(runId);
    return { state: "stop" };
  }
  if (!remote.batchId) throw new Error(`Remote batch ${remote.id} was never submitted.`);
  const { client } = await remoteCallFor(run, pass, number);
  const batch = await client.batches.retrieve(remote.batchId);
  await recordBatchState(remote.id, batch);
  return { state: FINAL_BATCH_STATUSES.includes(batch.status) ? "ended" : "waiting" };
}

/** Writes what the provider says of a batch: status, counts, and once it has ended, its files and end time. */
export async function recordBatchState(remoteBatchId: string, batch: Batch): Promise<void> {
  const final = FINAL_BATCH_STATUSES.includes(batch.status);
  const endedAt = batch.completed_at ?? batch.expired_at ?? batch.cancelled_at ?? batch.failed_at;
  await db.remoteBatch.update({
    where: { id: remoteBatchId },
    data: {
      status: batch.status,
      completedCount: batch.request_counts?.completed ?? 0,
      failedCount: batch.request_counts?.failed ?? 0,
      outputFileId: batch.output_file_id ?? null,
      errorFileId: batch.error_file_id ?? null,
      finishedAt: final ? (endedAt ? new Date(endedAt * 1000) : new Date()) : null,
    },
  });
}
