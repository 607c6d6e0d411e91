// A comparison's sample set: drawn once, stored, and given to every variant's run.
import "server-only";
import { sampleRowIndexes } from "@/lib/server/runs/sample-rows";

export interface SampleSetChoice {
  size: number;
  /** The dataset's first `size` rows instead of a random draw. */
  firstRows: boolean;
  seed: number;
}

/** The rows (0-based, ascending) a comparison runs on: random with the seed, or the first N. */
export function drawSampleSet(rowCount: number, choice: SampleSetChoice): number[] {
  const size = Math.min(choice.size, rowCount);
  if (choice.firstRows) return Array.from({ length: size }, (_, i) => i);
  return sampleRowIndexes(rowCount, size, choice.seed);
}
