// Batches executing in this process, so a cancel made here stops their calls at once. Batches in
// other processes notice the cancelled status by polling (lib/server/runs/process-batch.ts).
import "server-only";
const globalForBatches = globalThis as unknown as { batchwiseInFlight?: Map<string, AbortController> };
const inFlight = (globalForBatches.batchwiseInFlight ??= new Map<string, AbortController>());

/** One controller per run: a run executes one batch at a time. */
export function trackBatch(runId: string): AbortController {
  const controller = new AbortController();
  inFlight.set(runId, controller);
  return controller;
}

export function untrackBatch(runId: string, controller: AbortController): void {
  if (inFlight.get(runId) === controller) inFlight.delete(runId);
}

export function abortBatchInFlight(runId: string): void {
  inFlight.get(runId)?.abort();
}
