// Looking at a submitted remote batch: its status and counts are written to its row for the
// dashboard; a cancelled run cancels it instead.
import "server-only";
import { db } from "@/lib/server/db";
import { isEnded } from "@/lib/server/runs/status";
import { cancelRemoteBatches } from "./cancel";
import { remoteCallFor } from "./remote-settings";

/** Statuses after which a remote batch changes no more. */
export const FINAL_BATCH_STATUSES: readonly string[] = ["completed", "failed", "expired", "cancelled"];

export type PollOutcome = { state: "waiting" | "ended" | "stop" };

export async function pollRemoteBatch(runId: string, pass: number, number: number): Promise<PollOutcome> {
  const remote = await db.remoteBatch.findUniqueOrThrow({ where: { runId_pass_number: { runId, pass, number } } });
  if (remote.settledAt || FINAL_BATCH_STATUSES.includes(remote.status)) return { state: "ended" };
  const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
  if (isEnded(run.status)) {
    await cancelRemoteBatches(runId);
    return { state: "stop" };
  }
  if (!remote.batchId) throw new Error(`Remote batch ${remote.id} was never submitted.`);
  const { client } = remoteCallFor(run, pass, number);
  const batch = await client.batches.retrieve(remote.batchId);
  const final = FINAL_BATCH_STATUSES.includes(batch.status);
  const finishedAt = batch.completed_at ?? batch.expired_at ?? batch.cancelled_at ?? batch.failed_at;
  await db.remoteBatch.update({
    where: { id: remote.id },
    data: {
      status: batch.status,
      completedCount: batch.request_counts?.completed ?? 0,
      failedCount: batch.request_counts?.failed ?? 0,
      outputFileId: batch.output_file_id ?? null,
      errorFileId: batch.error_file_id ?? null,
      finishedAt: final ? (finishedAt ? new Date(finishedAt * 1000) : new Date()) : null,
    },
  });
  return { state: final ? "ended" : "waiting" };
}
