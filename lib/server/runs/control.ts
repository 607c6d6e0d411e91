// Pause, resume and cancel: the status changes a person makes, and the signal each executor needs.
// Each is one conditional update (lib/server/runs/state-machine.ts): a request that loses a race (a pause
// as the run completes, a second cancel) answers 409 with the run's state and changes nothing.
import "server-only";
import { db } from "@/lib/server/db";
import { notFound } from "@/lib/server/errors";
import { endRunEarly } from "@/lib/server/runs/run-lifecycle";
import { signalRun } from "@/lib/server/runs/dispatch";
import { abortBatchInFlight } from "@/lib/server/runs/in-flight";
import { moveRun, moveRunOrConflict } from "@/lib/server/runs/state-machine";
import { redactSecrets } from "@/lib/server/redact-secrets";

/** How long a paused run waits for a resume before it is ended. */
export const waitForResumeTimeout = "7d";

async function loadRun(runId: string) {
  const run = await db.run.findUnique({ where: { id: runId }, select: { id: true, priority: true, executor: true } });
  if (!run) throw notFound("Run", runId);
  return run;
}

export async function pauseRun(runId: string): Promise<void> {
  await moveRunOrConflict(runId, "paused", ["queued", "running"], { pauseReason: "Paused by a person." });
}

export async function resumeRun(runId: string): Promise<void> {
  const run = await loadRun(runId);
  await moveRunOrConflict(runId, "running", ["paused"], { pauseReason: null }, "resumed");
  await signalRun(run, "resumed");
}

export async function cancelRun(runId: string): Promise<void> {
  const run = await loadRun(runId);
  await endRunEarly(runId, "cancelled", "Cancelled by a person.", { orConflict: true });
  abortBatchInFlight(runId);
  await signalRun(run, "cancelled");
}

/** An execution that gave up after its retries leaves the run paused, saying why, for a person to resume or cancel. */
export async function pauseAfterFailedExecution(runId: string, message: string): Promise<boolean> {
  const pauseReason = `The execution stopped after repeated errors (${redactSecrets(message)}). Resume to try again, or cancel the run.`;
  return moveRun(runId, "paused", { from: ["queued", "running"], data: { pauseReason } });
}
