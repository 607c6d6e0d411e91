// The workflow's bookend steps: start a run, plan each retry pass, finish with the report.
import { db } from "@/lib/db";
import { isErrorKind, isRetryable } from "@/lib/llm/errors";
import { writeReport } from "@/lib/runs/report";
import { isEnded } from "@/lib/runs/status";
import { logRun } from "@/lib/runs/run-log";
import { copyDuplicateAnswers } from "@/lib/runs/duplicate-answers";

export interface StartedRun {
  ended: boolean;
  totalBatches: number;
  maxRetries: number;
  delayMs: number;
}

/** Marks the run running (once) and returns what the workflow needs to plan its loops. */
export async function startRun(runId: string): Promise<StartedRun> {
  const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
  if (isEnded(run.status)) return { ended: true, totalBatches: 0, maxRetries: 0, delayMs: 0 };
  if (run.status === "queued") {
    await db.run.update({ where: { id: runId }, data: { status: "running", startedAt: run.startedAt ?? new Date() } });
  }
  return { ended: false, totalBatches: run.totalBatches, maxRetries: run.maxRetries, delayMs: run.delayMs };
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
  if (permanent.length > 0) {
    await db.runItem.updateMany({ where: { id: { in: permanent } }, data: { status: "needs_review" } });
  }
  const thisPass = failed.filter((item) => retryable(item.errorKind) && item.attempts === pass).length;
  return Math.ceil(thisPass / run.batchSize);
}

/** A pause that ended without a resume (cancelled, or left paused too long) ends the run. */
export async function endPausedRun(runId: string): Promise<void> {
  const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true } });
  if (isEnded(run.status)) return;
  await endRunEarly(runId, "cancelled", "The run stayed paused until the wait for a resume ran out.");
}

/** After the last pass: what still fails needs a person; the report is written once. */
export async function finishRun(runId: string): Promise<void> {
  const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true } });
  if (isEnded(run.status)) return;
  await db.runItem.updateMany({ where: { runId, status: { in: ["failed", "processing"] } }, data: { status: "needs_review" } });
  await copyDuplicateAnswers(runId);
  await db.run.update({ where: { id: runId }, data: { status: "completed", finishedAt: new Date() } });
  const report = await writeReport(runId);
  logRun(runId, `Run complete. ${report.completed}/${report.totalItems} completed, ${report.needsReview} need review.`);
}

/** Ends a run early (budget, cancellation) with its reason and report. */
export async function endRunEarly(runId: string, status: "failed" | "cancelled", reason: string | null): Promise<void> {
  // What was answered before the end still reaches its duplicates.
  await copyDuplicateAnswers(runId);
  await db.run.update({ where: { id: runId }, data: { status, pauseReason: reason, finishedAt: new Date() } });
  await writeReport(runId);
}
