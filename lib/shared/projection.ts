// A full run projected from its sample: the cost as a low-high range from the sample's per-item cost
// spread, the time from how fast the sample's batches went (or its latency), its settings and known
// rate limits. Pure, so the preview, comparisons and tests compute it the same way.
import { percentile } from "@/lib/shared/percentile";

/** The cost range: per-item cost at these percentiles, times the rows the full run sends. */
export const PROJECTION_LOW_PERCENTILE = 0.1;
export const PROJECTION_HIGH_PERCENTILE = 0.9;

export interface SampleMeasurements {
  /** Cost of each answered sample item (its attempts included), in nano-dollars. */
  itemCostNanos: readonly number[];
  /** Latency of each successful call, in ms. */
  latenciesMs: readonly number[];
  /**
   * The sample's finished first-pass batches, in order: items, seconds from start to end, and seconds
   * from its end to the next one's start (null for the last). Pauses happen between batches only.
   */
  batches: readonly { size: number; seconds: number; gapSeconds: number | null }[];
  /** The sample's delay between batches, in ms: part of each gap, and the full run's own replaces it. */
  delayMs: number;
  /** The settings the sample ran with: batch timings only say something about the same ones. */
  batchSize: number;
  concurrency: number;
  /** Tokens an answered item used, in and out: for a tokens-per-minute limit. */
  tokensPerItem: number;
}

export interface RunShape {
  /** Rows the full run sends, after the pre-filter. */
  toSend: number;
  batchSize: number;
  concurrency: number;
  delayMs: number;
  /** The endpoint's known limits (0 or null: none known). */
  rpm: number | null;
  tpm: number | null;
}

export interface FullRunProjection {
  usdLow: number;
  usdHigh: number;
  seconds: number;
  /** Sample items the figures come from. */
  measuredItems: number;
}

const NANOS_PER_USD = 1_000_000_000;

/** Nano-dollars to dollars, kept to the nano-dollar. */
const toUsd = (nanos: number) => Math.round(nanos) / NANOS_PER_USD;

export function projectFullRun(sample: SampleMeasurements, run: RunShape): FullRunProjection | null {
  if (sample.itemCostNanos.length === 0) return null;
  const costs = [...sample.itemCostNanos].sort((a, b) => a - b);
  const low = percentile(costs, PROJECTION_LOW_PERCENTILE);
  const high = percentile(costs, PROJECTION_HIGH_PERCENTILE);
  return {
    usdLow: toUsd(low * run.toSend),
    usdHigh: toUsd(high * run.toSend),
    seconds: Math.round(projectSeconds(sample, run) * 10) / 10,
    measuredItems: costs.length,
  };
}

/** Wall time of the full run, pauses excluded: its batches, the delays between them, and no faster than the limits allow. */
export function projectSeconds(sample: SampleMeasurements, run: RunShape): number {
  if (run.toSend === 0) return 0;
  const batchCount = Math.ceil(run.toSend / run.batchSize);
  const working = run.toSend * secondsPerItem(sample, run);
  const delays = ((batchCount - 1) * run.delayMs) / 1000;
  const byRequests = run.rpm ? (run.toSend / run.rpm) * 60 : 0;
  const byTokens = run.tpm ? ((run.toSend * sample.tokensPerItem) / run.tpm) * 60 : 0;
  return Math.max(working + delays, byRequests, byTokens);
}

/**
 * Measured batches of the same shape say it best: they include the per-batch overhead, the wait for a
 * batch's slowest call and the step between batches. The first batch (and the step after it) pays for
 * warming up (connections, compiled code), which a long run pays once: it is left out when there are
 * others. Typical values (medians) rather than sums: a gap a pause made long is no step.
 * Otherwise the latency, in waves of `concurrency` calls per batch.
 */
function secondsPerItem(sample: SampleMeasurements, run: RunShape): number {
  const finished = sample.batches.filter((batch) => batch.size > 0);
  const measured = finished.length > 1 ? finished.slice(1) : finished;
  if (measured.length > 0 && sample.batchSize === run.batchSize && sample.concurrency === run.concurrency) {
    const pace = median(measured.map((batch) => batch.seconds / batch.size));
    const gaps = measured.flatMap((batch) => (batch.gapSeconds === null ? [] : [Math.max(0, batch.gapSeconds - sample.delayMs / 1000)]));
    // Every batch but the last is followed by a step to the next: about one per batch.
    return pace + (gaps.length > 0 ? median(gaps) : 0) / run.batchSize;
  }
  if (sample.latenciesMs.length === 0) return 0;
  const meanSeconds = sample.latenciesMs.reduce((sum, ms) => sum + ms, 0) / sample.latenciesMs.length / 1000;
  const waves = Math.ceil(run.batchSize / Math.max(1, run.concurrency));
  return (waves * meanSeconds) / run.batchSize;
}

function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 0.5);
}
