// The workflow's bookend steps: start a run, plan each retry pass, finish with the report.
import "server-only";
import { db } from "@/lib/server/db";
import { isErrorKind, isRetryable } from "@/lib/server/llm/errors";
import { writeReport } from "@/lib/server/runs/report";
import { isEnded } from "@/lib/server/runs/status";
import { logRun } from "@/lib/server/runs/run-log";
import { copyDuplicateAnswers } from "@/lib/server/runs/duplicate-answers";
import { BATCH_CLAIM_PREFIX, moveItems, moveRun, moveRunOrConflict } from "@/lib/server/runs/state-machine";

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
  // A run paused while queued stays paused: its first batch waits for the resume.
  await moveRun(runId, "running", { from: ["queued"], data: { startedAt: run.startedAt ?? new Date() } });
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
  const finished = await moveRun(runId, "completed", { from: ["running"], data: { finishedAt: new Date(), pauseReason: null } });
  if (!finished) {
    const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true } });
    return run.status === "paused" ? "paused" : "ended";
  }
  const report = await writeReport(runId);
  logRun(runId, `Run complete. ${report.completed}/${report.totalItems} completed, ${report.needsReview} need review.`);
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
  const data = { pauseReason: reason, finishedAt: new Date() };
  const from = ["queued", "running", "paused"] as const;
  if (options.orConflict) await moveRunOrConflict(runId, status, from, data);
  else if (!(await moveRun(runId, status, { from, data }))) return false;
  // What was answered before the end still reaches its duplicates.
  await copyDuplicateAnswers(runId);
  await writeReport(runId);
  return true;
}

/**
 * The budget cap stops the run: it fails with the reason, and what was not sent is skipped
 * ("budget"). One transaction, so a run cancelled meanwhile keeps its items as they are.
 * Returns whether this call stopped it.
 */
export async function stopForBudget(runId: string, reason: string): Promise<boolean> {
  const stopped = await db.$transaction(async (tx) => {
    const data = { pauseReason: reason, finishedAt: new Date() };
    if (!(await moveRun(runId, "failed", { from: ["queued", "running", "paused"], data, client: tx }))) return false;
    const unsent = { runId, OR: [{ claim: null }, { claim: { startsWith: BATCH_CLAIM_PREFIX } }] };
    await moveItems(unsent, ["pending", "processing"], "skipped", { skipReason: "budget", errorKind: "budget", claim: null }, tx);
    return true;
  });
  if (!stopped) return false;
  await copyDuplicateAnswers(runId);
  await writeReport(runId);
  return true;
}
