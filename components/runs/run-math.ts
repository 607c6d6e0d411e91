import type { RunSummary } from "@/lib/shared/api-types";

/** Items the run has finished with, whatever the outcome. */
export function processedCount(run: RunSummary): number {
  return Math.max(0, run.total - run.counts.pending - run.counts.processing);
}

export function processedPercent(run: RunSummary): number {
  return run.total > 0 ? (processedCount(run) / run.total) * 100 : 0;
}
