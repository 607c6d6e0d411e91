// The error-rate breaker: a batch failing above the run's threshold pauses the run for a person to
// look. A person may change the threshold while paused, or resume with the breaker off for the
// rest of the current pass ("don't pause again this pass").
import "server-only";
import { db } from "@/lib/server/db";
import { BATCH_CLAIM_PREFIX } from "@/lib/server/runs/state-machine";
import { formatPercent } from "@/lib/shared/format";

export interface BatchFailures {
  pass: number;
  batch: number;
  failed: number;
  sent: number;
  /** "5 server, 2 timeout" */
  kinds: string;
}

/** Whether this batch's failures trip the breaker; the breaker off for this pass never trips. */
export function breakerTrips(run: { errorThreshold: number; breakerOffPass: number | null }, batch: BatchFailures): boolean {
  if (batch.sent === 0 || batch.failed / batch.sent <= run.errorThreshold) return false;
  return run.breakerOffPass !== batch.pass;
}

/** "Error-rate breaker: 8 of 10 items in batch 3 failed (8 server), above the 10 % threshold. …" */
export function breakerReason(threshold: number, batch: BatchFailures): string {
  const where = `batch ${batch.batch}${batch.pass > 0 ? ` of retry pass ${batch.pass}` : ""}`;
  return `Error-rate breaker: ${batch.failed} of ${batch.sent} items in ${where} failed (${batch.kinds}), above the ${thresholdWords(threshold)} threshold. Resume (optionally with a new threshold, or with the breaker off for this pass) or cancel the run.`;
}

/** 0.1 → "10 %"; 0.125 → "12.5 %" */
export function thresholdWords(threshold: number): string {
  const percent = formatPercent(threshold, 1).replace(/\.0%$/, "%");
  return percent.replace("%", " %");
}

/** "the first pass", "retry pass 2" */
export const passWords = (pass: number) => (pass === 0 ? "the first pass" : `retry pass ${pass}`);

/**
 * The pass the run's next batch belongs to, from its items: the first pass while any item is
 * unsent; else retry pass p, where p is the fewest attempts among failed items (retry pass p takes
 * the failures with p attempts), or the pass of a batch still in flight.
 */
export async function currentPass(runId: string): Promise<number> {
  const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { pendingCount: true, maxRetries: true } });
  if (run.pendingCount > 0) return 0;
  const failed = await db.runItem.aggregate({ where: { runId, status: "failed" }, _min: { attempts: true } });
  const inFlight = await db.runItem.findFirst({
    where: { runId, status: "processing", claim: { startsWith: BATCH_CLAIM_PREFIX } },
    select: { claim: true },
    orderBy: { claim: "asc" },
  });
  const inFlightPass = inFlight?.claim ? Number(inFlight.claim.split(":")[1]) : Number.POSITIVE_INFINITY;
  const pass = Math.min(failed._min.attempts ?? Number.POSITIVE_INFINITY, inFlightPass);
  return Number.isFinite(pass) ? pass : run.maxRetries + 1;
}
