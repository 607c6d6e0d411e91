// Counts, ETA and the progress line:
// "Batch 3/104 complete. 60/2,080 items processed. 2 failures so far. Estimated time remaining: 1 minute."
import "server-only";
import { db } from "@/lib/server/db";
import type { ItemStatus } from "@/lib/shared/api-types";
import type { Run } from "@/lib/server/generated/sqlite/client";
import { formatDurationInWords, formatNumber, plural } from "@/lib/shared/format";

export type ItemCounts = Record<ItemStatus, number>;

/** The run's item counters (kept by the database as items change, see prisma/models.prisma). */
export type RunCounters = Pick<Run, "pendingCount" | "processingCount" | "completedCount" | "failedCount" | "needsReviewCount" | "skippedCount">;

export function itemCounts(run: RunCounters): ItemCounts {
  return {
    pending: run.pendingCount,
    processing: run.processingCount,
    completed: run.completedCount,
    failed: run.failedCount,
    needs_review: run.needsReviewCount,
    skipped: run.skippedCount,
  };
}

/** What the run has cost so far, from the counters beside its item counts. */
export function runUsage(run: Pick<Run, "costMicros" | "tokensIn" | "tokensOut">) {
  return { costMicros: Number(run.costMicros), tokensIn: Number(run.tokensIn), tokensOut: Number(run.tokensOut) };
}

export const processedCount = (c: ItemCounts) => c.completed + c.failed + c.needs_review + c.skipped;

/**
 * Remaining time at the pace so far; null until there is a pace to go on. The pace counts only
 * items the model answered: pre-filtered items are "done" from the start and took no time. What
 * remains is every item not yet sent plus the failures a retry pass will send again.
 */
export function estimateSecondsRemaining(counts: ItemCounts, startedAt: Date | null, now = new Date()): number | null {
  const answered = counts.completed + counts.failed + counts.needs_review;
  if (!startedAt || answered === 0) return null;
  const elapsedSeconds = (now.getTime() - startedAt.getTime()) / 1000;
  return Math.round((elapsedSeconds / answered) * (counts.pending + counts.processing + counts.failed));
}

export function progressLine(
  counts: ItemCounts,
  position: { pass: number; batch: number; batchCount: number },
  etaSeconds: number | null,
): string {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const failures = counts.failed + counts.needs_review;
  const batch = `${position.pass > 0 ? `Retry pass ${position.pass}: batch` : "Batch"} ${formatNumber(position.batch)}/${formatNumber(position.batchCount)} complete.`;
  // Nothing left to estimate once nothing remains: the last batch's line just says it is done.
  const eta = etaSeconds === null || etaSeconds === 0 ? "" : ` Estimated time remaining: ${formatDurationInWords(etaSeconds)}.`;
  return `${batch} ${formatNumber(processedCount(counts))}/${formatNumber(total)} items processed. ${plural(failures, "failure")} so far.${eta}`;
}

export async function describeProgress(runId: string, position: { pass: number; batch: number; batchCount: number }) {
  const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
  const counts = itemCounts(run);
  const etaSeconds = estimateSecondsRemaining(counts, run.startedAt);
  return { counts, etaSeconds, line: progressLine(counts, position, etaSeconds) };
}
