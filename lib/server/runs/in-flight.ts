// Batches executing in this process, so a cancel or a pause made here acts on them at once. Batches
// in other processes notice the status by polling (lib/server/runs/process-batch.ts).
import "server-only";

/** One batch's two stops: a cancel aborts its calls, in flight too; a pause withdraws only the calls not yet sent. */
export interface BatchInFlight {
  cancellation: AbortController;
  withdrawal: AbortController;
}

const globalForBatches = globalThis as unknown as { batchwiseBatchesInFlight?: Map<string, Set<BatchInFlight>> };
const inFlight = (globalForBatches.batchwiseBatchesInFlight ??= new Map<string, Set<BatchInFlight>>());

/** A run has one batch in flight, or two while pipelined (the next one sends as the last answers of the one before come in). */
export function trackBatch(runId: string): BatchInFlight {
  const batch = { cancellation: new AbortController(), withdrawal: new AbortController() };
  const batches = inFlight.get(runId) ?? new Set<BatchInFlight>();
  batches.add(batch);
  inFlight.set(runId, batches);
  return batch;
}

export function untrackBatch(runId: string, batch: BatchInFlight): void {
  const batches = inFlight.get(runId);
  batches?.delete(batch);
  if (batches?.size === 0) inFlight.delete(runId);
}

export function abortBatchInFlight(runId: string): void {
  for (const batch of inFlight.get(runId) ?? []) batch.cancellation.abort();
}

/** A pause: the run's batches here send nothing more; what is in flight finishes and is recorded. */
export function withdrawBatchesInFlight(runId: string): void {
  for (const batch of inFlight.get(runId) ?? []) batch.withdrawal.abort();
}
