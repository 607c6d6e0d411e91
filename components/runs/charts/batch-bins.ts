// Per-batch series, binned when there are too many batches for one bar each: 112 batches drawn as
// 112 bars are a solid wall, so beyond MAX_BATCH_BARS neighbouring batches of a pass share a bar.
import type { BatchRow } from "@/lib/shared/api-types";

/** About how many bars a chart card shows before single bars stop being readable. */
export const MAX_BATCH_BARS = 60;

export interface BatchBin {
  /** "12", "11–12"; retry passes "R1·3", "R1·1–4" (retry pass 1, batches 1 to 4). */
  label: string;
  /** How many batches the bar stands for. */
  batches: number;
  ok: number;
  failed: number;
  /** Failed share of the bin's items, in percent. */
  errorRate: number;
  /** The highest error rate of one batch in the bin, in percent: the breaker looks at single batches. */
  worstErrorRate: number;
  costUsd: number;
}

export interface BinnedBatches {
  bins: BatchBin[];
  /** Batches per bar (the last bar of a pass may hold fewer). */
  perBin: number;
}

const rate = (failed: number, done: number) => (done > 0 ? (failed / done) * 100 : 0);

function passLabel(pass: number, firstPass: number): string {
  return pass === firstPass ? "" : `R${pass - firstPass}·`;
}

/** Cuts each pass into runs of `perBin` batches, in execution order; a bin never spans two passes. */
function binPasses(sorted: BatchRow[], perBin: number): BatchBin[] {
  const firstPass = sorted[0]?.pass ?? 0;
  const bins: BatchBin[] = [];
  let group: BatchRow[] = [];
  const flush = () => {
    const first = group[0];
    const last = group.at(-1);
    if (!first || !last) return;
    const prefix = passLabel(first.pass, firstPass);
    const ok = group.reduce((sum, b) => sum + b.ok, 0);
    const failed = group.reduce((sum, b) => sum + b.failed, 0);
    bins.push({
      label: group.length === 1 ? `${prefix}${first.number}` : `${prefix}${first.number}–${last.number}`,
      batches: group.length,
      ok,
      failed,
      errorRate: rate(failed, ok + failed),
      worstErrorRate: Math.max(...group.map((b) => rate(b.failed, b.ok + b.failed))),
      costUsd: group.reduce((sum, b) => sum + b.costUsd, 0),
    });
    group = [];
  };
  for (const batch of sorted) {
    if (group.length === perBin || (group[0] && group[0].pass !== batch.pass)) flush();
    group.push(batch);
  }
  flush();
  return bins;
}

/** At most `maxBars` bars: one per batch while they fit, else the fewest batches per bar that fit. */
export function binBatches(batches: readonly BatchRow[], maxBars: number = MAX_BATCH_BARS): BinnedBatches {
  const sorted = [...batches].sort((a, b) => a.pass - b.pass || a.number - b.number);
  const limit = Math.max(1, Math.floor(maxBars));
  // Pass boundaries can add a part-filled bar each, so grow the bin until the bars fit.
  for (let perBin = Math.max(1, Math.ceil(sorted.length / limit)); ; perBin++) {
    const bins = binPasses(sorted, perBin);
    if (bins.length <= limit || perBin >= sorted.length) return { bins, perBin };
  }
}
