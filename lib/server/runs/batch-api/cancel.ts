// A cancelled run cancels its remote batches still out, and gives their items back unsent.
import "server-only";
import { db } from "@/lib/server/db";
import { moveItems } from "@/lib/server/runs/state-machine";
import { remoteClaim } from "./claims";
import { remoteCallFor } from "./remote-settings";

const OUT_STATUSES = ["validating", "in_progress", "finalizing"];

/** Returns how many remote batches it asked the provider to cancel. A provider that refuses is logged; the run stays cancelled. */
export async function cancelRemoteBatches(runId: string): Promise<number> {
  const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
  // Also one settled by an earlier cancel before its submit step had written the batch id down.
  const out = await db.remoteBatch.findMany({ where: { runId, OR: [{ settledAt: null }, { status: { in: OUT_STATUSES } }] } });
  let cancelled = 0;
  for (const remote of out) {
    if (remote.batchId && OUT_STATUSES.includes(remote.status)) {
      try {
        const batch = await (await remoteCallFor(run, remote.pass, remote.number)).client.batches.cancel(remote.batchId);
        await db.remoteBatch.update({ where: { id: remote.id }, data: { status: batch.status } });
        cancelled++;
      } catch (error) {
        console.error(`[run ${runId}] could not cancel remote batch ${remote.batchId}`, error);
      }
    }
    // Its answers are not collected once the run is cancelled: its items stay as they were before it.
    const claim = remoteClaim(remote.pass, remote.number);
    await moveItems({ runId, claim }, ["processing"], remote.pass === 0 ? "pending" : "failed", { claim: null });
    await db.remoteBatch.update({ where: { id: remote.id }, data: { settledAt: new Date() } });
  }
  return cancelled;
}
