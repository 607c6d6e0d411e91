// Pause, resume and cancel: the status changes a person makes, and the signal each executor needs.
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { endRunEarly } from "@/lib/runs/run-lifecycle";
import { signalRun } from "@/lib/runs/dispatch";
import { isEnded } from "@/lib/runs/status";
import { abortBatchInFlight } from "@/lib/runs/in-flight";

/** How long a paused run waits for a resume before it is ended. */
export const waitForResumeTimeout = "7d";

async function loadRun(runId: string) {
  const run = await db.run.findUnique({ where: { id: runId } });
  if (!run) throw notFound("Run", runId);
  return run;
}

export async function pauseRun(runId: string): Promise<void> {
  const run = await loadRun(runId);
  if (run.status !== "running" && run.status !== "queued") {
    throw new AppError("conflict", `Only a running or queued run can be paused; this one is ${run.status}.`);
  }
  await db.run.update({ where: { id: runId }, data: { status: "paused", pauseReason: "Paused by a person." } });
}

export async function resumeRun(runId: string): Promise<void> {
  const run = await loadRun(runId);
  if (run.status !== "paused") throw new AppError("conflict", `Only a paused run can be resumed; this one is ${run.status}.`);
  await db.run.update({ where: { id: runId }, data: { status: "running", pauseReason: null } });
  await signalRun(run, "resumed");
}

export async function cancelRun(runId: string): Promise<void> {
  const run = await loadRun(runId);
  if (isEnded(run.status)) throw new AppError("conflict", `The run has already ended (${run.status}).`);
  await endRunEarly(runId, "cancelled", "Cancelled by a person.");
  abortBatchInFlight(runId);
  await signalRun(run, "cancelled");
}
