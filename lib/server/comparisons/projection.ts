// A full run projected from a sample's measurements: cost as the p10–p90 range of the per-item cost
// times the items the full run would send after the pre-filter; time from the measured latency, the
// run's concurrency and its delay between batches (the rate limiter's pauses are not foreseen).
// lab-a's run projection may replace this once merged: keep the one that knows the rate limits.
import "server-only";

export interface FullRunProjection {
  usdLow: number;
  usdHigh: number;
  seconds: number;
  items: number;
}

export interface SampleMeasurements {
  /** USD of each answered item (retries included), in any order. */
  itemCostsUsd: readonly number[];
  /** Latency (ms) of each answered item. */
  latenciesMs: readonly number[];
}

export interface RunPacing {
  concurrency: number;
  batchSize: number;
  delayMs: number;
}

/** The nearest-rank percentile (0–1) of a list; null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1] ?? null;
}

const P10 = 0.1;
const P90 = 0.9;
const MS_PER_SECOND = 1000;

export function projectFullRun(sample: SampleMeasurements, items: number, pacing: RunPacing): FullRunProjection | null {
  const low = percentile(sample.itemCostsUsd, P10);
  const high = percentile(sample.itemCostsUsd, P90);
  if (low === null || high === null || sample.latenciesMs.length === 0) return null;
  const meanLatencyMs = sample.latenciesMs.reduce((sum, ms) => sum + ms, 0) / sample.latenciesMs.length;
  // Within a batch, `concurrency` calls at a time; batches follow each other with the delay between them.
  const batches = Math.ceil(items / Math.max(1, pacing.batchSize));
  const wavesPerBatch = Math.ceil(Math.min(items, pacing.batchSize) / Math.max(1, pacing.concurrency));
  const seconds = (batches * wavesPerBatch * meanLatencyMs + Math.max(0, batches - 1) * pacing.delayMs) / MS_PER_SECOND;
  return { usdLow: low * items, usdHigh: high * items, seconds: Math.round(seconds), items };
}
