import type { RunSummary } from "@/lib/shared/api-types";

/** Items sent to the model that nothing more is awaited for; pre-filtered items are outside it. */
export function processedCount(run: RunSummary): number {
  return run.progress.done;
}

/** The share of what the run sends that is done: a run starts at 0 %, and a budget stop is short of 100 %. */
export function processedPercent(run: RunSummary): number {
  return run.progress.percent;
}
