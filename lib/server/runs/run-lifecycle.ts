// The workflow's bookend steps: start a run, plan each retry pass, finish with the report.
import "server-only";
import { db } from "@/lib/server/db";
import { isErrorKind, isRetryable } from "@/lib/server/llm/errors";
import { writeReport } from "@/lib/server/runs/report";
import { isEnded } from "@/lib/server/runs/status";
import { logPause, logRun } from "@/lib/server/runs/run-log";
import type { BudgetCheck } from "@/lib/server/runs/budget";
import { budgetStopReason } from "@/lib/server/runs/progress";
import { formatNumber, plural } from "@/lib/shared/format";
import { copyDuplicateAnswers } from "@/lib/server/runs/duplicate-answers";
import { BATCH_CLAIM_PREFIX, moveItems, moveRun, moveRunOrConflict, pauseRunFor } from "@/lib/server/runs/state-machine";

export interface StartedRun {
  ended: boolean;
  totalBatches: number;
  maxRetries: number;
  delayMs: number;
  /** "sync" | "batch" (the Batch API), and whether retry passes stay on it. */
  mode: string;
  batchApiRetries: boolean;
}

/** Marks the run running (once) and returns what the workflow needs to plan its loops. */
export async function startRun(runId: string): Promise<StartedRun> {
  const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
  // A stream's run stands and is executed by the stream executor (lib/server/streams/), never as a batch run.
  if (isEnded(run.status) || run.kind === "stream") {
    return { ended: true, totalBatches: 0, maxRetries: 0, delayMs: 0, mode: run.mode, batchApiRetries: run.batchApiRetries };
  }
  // A run paused while queued stays paused: its first batch waits for the resume.
  await moveRun(runId, "running", { from: ["queued"], data: { startedAt: run.startedAt ?? new Date() } });
  return { ended: false, totalBatches: run.totalBatches, maxRetries: run.maxRetries, delayMs: run.delayMs, mode: run.mode, batchApiRetries: run.batchApiRetries };
}

/**
 * Before retry pass `pass`: failures that retrying cannot fix go straight to review; the
 * retryable ones that have had `pass` attempts form this pass. Returns its batch count.
 */
export async function planRetryPass(runId: string, pass: number): Promise<number> {
  const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { batchSize: true } });
  const failed = await db.runItem.findMany({
    where: { runId, status: "failed" },
    select: { id: true, errorKind: true, attempts: true },
  });
  const retryable = (kind: string | null) => isErrorKind(kind) && isRetryable(kind);
  const permanent = failed.filter((item) => !retryable(item.errorKind)).map((item) => item.id);
  if (permanent.length > 0) await moveItems({ id: { in: permanent } }, ["failed"], "needs_review");
  const thisPass = failed.filter((item) => retryable(item.errorKind) && item.attempts === pass).length;
  return Math.ceil(thisPass / run.batchSize);
}

/** A pause that ended without a resume (cancelled, or left paused too long) ends the run. */
export async function endPausedRun(runId: string): Promise<void> {
  await endRunEarly(runId, "cancelled", "The run stayed paused until the wait for a resume ran out.");
}

/**
 * After the last pass: what still fails needs a person, and the run completes with its report.
 * A run a person paused just before stays paused ("paused": the workflow waits for the resume).
 */
export async function finishRun(runId: string): Promise<"finished" | "paused" | "ended"> {
  await moveItems({ runId }, ["failed"], "needs_review");
  // Left processing by a batch that died; a review retry in flight keeps its item.
  await moveItems({ runId, claim: { startsWith: BATCH_CLAIM_PREFIX } }, ["processing"], "needs_review", { claim: null });
  await copyDuplicateAnswers(runId);
  const finished = await moveRun(runId, "completed", { from: ["running"], data: { finishedAt: new Date(), pauseReason: null, pauseKind: null } });
  if (!finished) {
    const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true } });
    return run.status === "paused" ? "paused" : "ended";
  }
  const report = await writeReport(runId);
  logRun(runId, `Run complete: ${formatNumber(report.completed)} of ${formatNumber(report.totalItems)} completed, ${plural(report.needsReview, "item")} in review.`);
  return "finished";
}

/**
 * Ends a run early (budget, cancellation) with its reason and report. Returns false when the run
 * had already ended; with `orConflict` (a person's request) that answers 409 instead.
 */
export async function endRunEarly(
  runId: string,
  status: "failed" | "cancelled",
  reason: string | null,
  options: { orConflict?: boolean } = {},
): Promise<boolean> {
  const data = { pauseReason: reason, pauseKind: null, finishedAt: new Date() };
  const from = ["queued", "running", "paused"] as const;
  if (options.orConflict) await moveRunOrConflict(runId, status, from, data);
  else if (!(await moveRun(runId, status, { from, data }))) return false;
  // What was answered before the end still reaches its duplicates.
  await copyDuplicateAnswers(runId);
  await writeReport(runId);
  return true;
}

/**
 * The budget cap stops the run before a batch that could pass it: the run pauses ("budget") with
 * a reason naming what was not sent, and its unsent items stay as they are (pending; failed in a
 * retry pass) so that raising the budget and resuming sends them. Items a replayed step had
 * already claimed go back first. Returns what the workflow does next: wait for the resume, or stop
 * if the run ended meanwhile.
 */
export async function pauseForBudget(
  runId: string,
  batch: { pass: number; claim: string; check: Extract<BudgetCheck, { ok: false }> },
): Promise<"pause" | "stop"> {
  await moveItems({ runId, claim: batch.claim }, ["processing"], batch.pass === 0 ? "pending" : "failed", { claim: null });
  const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { pendingCount: true, processingCount: true, failedCount: true } });
  const unsent = { items: run.pendingCount + run.processingCount, retries: run.failedCount };
  const { spentNanos, budgetNanos, nextBatchNanos } = batch.check;
  const reason = budgetStopReason(unsent, spentNanos, budgetNanos, nextBatchNanos);
  if (await pauseRunFor(runId, "budget", reason, { from: ["running"] })) {
    logPause(runId, "budget", reason);
    return "pause";
  }
  const current = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true } });
  return isEnded(current.status) ? "stop" : "pause";
}
