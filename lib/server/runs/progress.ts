// Counts, ETA and the progress sentence, the same words on the run page, in the API and in the log:
// "Batch 3/104 complete. 60 of 1,297 items done. 2 failed at least once; 2 still failing.
//  783 skipped before sending: 729 duplicates, 45 cached, 9 too short. Estimated time remaining: 1 minute."
// Pre-filtered items are told apart and are outside the share: a run starts at 0 of what it sends.
import "server-only";
import { db } from "@/lib/server/db";
import type { ItemStatus, PauseKind, RunProgressFacts } from "@/lib/shared/api-types";
import type { Run } from "@/lib/server/generated/sqlite/client";
import { failureSentence, formatDurationInWords, formatNumber, formatUsd, plural, prefilterSentence, unsentPhrase } from "@/lib/shared/format";
import { nanosToUsd } from "@/lib/server/llm/pricing";

export type ItemCounts = Record<ItemStatus, number>;

/** The run's item counters (kept by the database as items change, see prisma/models.prisma). */
export type RunCounters = Pick<Run, "pendingCount" | "processingCount" | "completedCount" | "failedCount" | "needsReviewCount" | "skippedCount">;

/** The select that reads them. */
export const RUN_COUNTERS_SELECT = {
  pendingCount: true,
  processingCount: true,
  completedCount: true,
  failedCount: true,
  needsReviewCount: true,
  skippedCount: true,
} as const satisfies Record<keyof RunCounters, true>;

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
export function runUsage(run: Pick<Run, "costNanos" | "tokensIn" | "tokensOut">) {
  return { costNanos: Number(run.costNanos), tokensIn: Number(run.tokensIn), tokensOut: Number(run.tokensOut) };
}

/** Items still waiting for the model: unsent, in flight, or failed and due for a retry pass. */
export const awaitingModel = (c: ItemCounts) => c.pending + c.processing + c.failed;

/**
 * The run's progress as the API serves it. `failedOnce` is the sum of first-pass batch failures:
 * every item is first sent in the first pass, so that counts each item that ever failed, once,
 * and never goes down when a retry or a person fixes it.
 */
export function progressFacts(
  run: RunCounters & Pick<Run, "totalItems" | "duplicateCount" | "cachedCount" | "tooShortCount" | "status" | "pauseKind">,
  failedOnce: number,
): RunProgressFacts {
  const counts = itemCounts(run);
  const prefiltered = { duplicates: run.duplicateCount, cached: run.cachedCount, tooShort: run.tooShortCount };
  const prefilteredTotal = prefiltered.duplicates + prefiltered.cached + prefiltered.tooShort;
  const toSend = Math.max(0, run.totalItems - prefilteredTotal);
  const done = Math.max(0, toSend - awaitingModel(counts));
  const budgetStop = run.status === "paused" && run.pauseKind === "budget";
  return {
    toSend,
    done,
    percent: toSend === 0 ? 100 : (done / toSend) * 100,
    prefiltered: { total: prefilteredTotal, ...prefiltered },
    failedOnce: Math.max(failedOnce, counts.failed + counts.needs_review),
    stillFailing: counts.failed + counts.needs_review,
    unsent: budgetStop ? { items: counts.pending + counts.processing, retries: counts.failed } : null,
  };
}

/** One finished batch's timing (RunBatch): how long its calls took, not the waits around it. */
export interface BatchTiming {
  size: number;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** Weight of the newest batch in the moving average: recent pace counts most, one odd batch does not swing it. */
export const ETA_SMOOTHING = 0.3;

/**
 * Seconds per item, an exponentially weighted moving average over batches (oldest first). Each
 * batch counts only from its start to its end, so time spent paused (always between batches: a
 * pause takes effect before the next batch) never slows the pace.
 */
export function smoothedSecondsPerItem(batches: readonly BatchTiming[], alpha = ETA_SMOOTHING): number | null {
  let average: number | null = null;
  for (const batch of batches) {
    if (!batch.startedAt || !batch.finishedAt || batch.size <= 0) continue;
    const perItem = Math.max(0, batch.finishedAt.getTime() - batch.startedAt.getTime()) / 1000 / batch.size;
    average = average === null ? perItem : alpha * perItem + (1 - alpha) * average;
  }
  return average;
}

/**
 * Remaining time at the recent pace: what awaits the model times the smoothed seconds per item,
 * plus the configured delay between the batches still to come. Null until a batch has finished;
 * pre-filtered items are never part of it.
 */
export function estimateSecondsRemaining(
  counts: ItemCounts,
  recentBatches: readonly BatchTiming[],
  settings: { batchSize: number; delayMs: number },
): number | null {
  const remaining = awaitingModel(counts);
  if (remaining === 0) return 0;
  const perItem = smoothedSecondsPerItem(recentBatches);
  if (perItem === null) return null;
  const delays = Math.max(0, Math.ceil(remaining / settings.batchSize) - 1) * (settings.delayMs / 1000);
  return Math.round(remaining * perItem + delays);
}

/** Batches the ETA averages over: enough to smooth, few enough that an old pace is forgotten. */
export const ETA_WINDOW = 20;

/** The run's last ETA_WINDOW finished batches, oldest first. */
export async function recentBatchTimings(runId: string): Promise<BatchTiming[]> {
  const batches = await db.runBatch.findMany({
    where: { runId, finishedAt: { not: null } },
    orderBy: [{ pass: "desc" }, { number: "desc" }],
    take: ETA_WINDOW,
    select: { size: true, startedAt: true, finishedAt: true },
  });
  return batches.reverse();
}

export interface ProgressPosition {
  pass: number;
  batch: number;
  batchCount: number;
}

export interface ProgressState {
  /** null before the first batch. */
  position: ProgressPosition | null;
  /** Whether the run has ended (completed, failed, cancelled). */
  ended: boolean;
  /** The pause's kind while paused; null otherwise. */
  paused: PauseKind | null;
  /** First-pass batches the run has: 0 when the pre-filter left nothing to send. */
  totalBatches: number;
  etaSeconds: number | null;
}

/** The budget stop's reason: "Stopped by budget: 880 items not sent; $0.0241 of $0.0300 spent. …" */
export function budgetStopReason(unsent: { items: number; retries: number }, spentNanos: number, budgetNanos: number, nextBatchNanos: number): string {
  const spent = `${formatUsd(nanosToUsd(spentNanos))} of ${formatUsd(nanosToUsd(budgetNanos))} spent`;
  return `Stopped by budget: ${unsentPhrase(unsent)}; ${spent}. The next batch could cost up to ${formatUsd(nanosToUsd(nextBatchNanos))}. Raise the budget to continue.`;
}

export function progressLine(facts: RunProgressFacts, state: ProgressState): string {
  const { position } = state;
  const head = position
    ? `${position.pass > 0 ? `Retry pass ${position.pass}: batch` : "Batch"} ${formatNumber(position.batch)}/${formatNumber(position.batchCount)} complete.`
    : state.ended && state.totalBatches === 0
      ? "No batches needed: the pre-filter skipped or answered every item."
      : "Waiting to start.";
  const done = `${formatNumber(facts.done)} of ${plural(facts.toSend, "item")} done.`;
  const pause =
    state.paused === "budget" && facts.unsent ? `Stopped by budget: ${unsentPhrase(facts.unsent)}.` : state.paused ? "Paused." : "";
  // No countdown while paused or once nothing remains.
  const eta =
    state.paused || state.ended || state.etaSeconds === null || state.etaSeconds === 0
      ? ""
      : `Estimated time remaining: ${formatDurationInWords(state.etaSeconds)}.`;
  return [head, done, failureSentence(facts), prefilterSentence(facts.prefiltered), pause, eta].filter(Boolean).join(" ");
}

/** The progress sentence right after a batch, for the server log. */
export async function describeProgress(runId: string, position: ProgressPosition) {
  const run = await db.run.findUniqueOrThrow({ where: { id: runId }, omit: { report: true } });
  const firstPass = await db.runBatch.aggregate({ where: { runId, pass: 0 }, _sum: { failed: true } });
  const facts = progressFacts(run, firstPass._sum.failed ?? 0);
  const etaSeconds = estimateSecondsRemaining(itemCounts(run), await recentBatchTimings(runId), run);
  const paused = run.status === "paused" ? ((run.pauseKind as PauseKind | null) ?? "person") : null;
  return { facts, etaSeconds, line: progressLine(facts, { position, ended: false, paused, totalBatches: run.totalBatches, etaSeconds }) };
}
