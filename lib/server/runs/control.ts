// Pause, resume, cancel and the settings a person changes while paused: the status changes a
// person makes, and the signal each executor needs. Each is one conditional update
// (lib/server/runs/state-machine.ts): a request that loses a race (a pause as the run completes, a
// second resume, a settings change as the run resumes) answers 409 with the run's state and
// changes nothing.
import "server-only";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { endRunEarly } from "@/lib/server/runs/run-lifecycle";
import { signalRun } from "@/lib/server/runs/dispatch";
import { abortBatchInFlight, withdrawBatchesInFlight } from "@/lib/server/runs/in-flight";
import { cancelRemoteBatches } from "@/lib/server/runs/batch-api/cancel";
import { changePausedRunOrConflict, moveRunOrConflict, pauseRunFor } from "@/lib/server/runs/state-machine";
import { currentPass, passWords, thresholdWords } from "@/lib/server/runs/breaker";
import { logPause, logResume, logRun } from "@/lib/server/runs/run-log";
import { redactSecrets } from "@/lib/server/redact-secrets";
import { nanosToUsd, usdToNanos } from "@/lib/server/llm/pricing";
import { changeRunSchema, resumeRunSchema, type ChangeRunInput } from "@/lib/shared/run-settings";
import { formatUsd } from "@/lib/shared/format";

/** How long a paused run waits for a resume before it is ended. */
export const waitForResumeTimeout = "7d";

async function loadRun(runId: string) {
  const run = await db.run.findUnique({ where: { id: runId }, select: { id: true, priority: true, executor: true, costNanos: true, providerId: true, kind: true } });
  if (!run) throw notFound("Run", runId);
  return run;
}

export async function pauseRun(runId: string): Promise<void> {
  const reason = "Paused by a person.";
  await moveRunOrConflict(runId, "paused", ["queued", "running"], { pauseReason: reason, pauseKind: "person" });
  logPause(runId, "person", reason);
  // New sends stop now in this process (other processes see the status within a poll).
  withdrawBatchesInFlight(runId);
}

/**
 * The column values for a settings change, and its words for the log. A budget below what the
 * run has already spent could never let a batch start, so it is refused naming budgetUsd.
 */
function settingsChange(input: ChangeRunInput, spentNanos: number) {
  const data: { budgetNanos?: bigint | null; errorThreshold?: number } = {};
  const words: string[] = [];
  if (input.budgetUsd !== undefined) {
    if (input.budgetUsd === null) {
      data.budgetNanos = null;
      words.push("Budget cap removed.");
    } else {
      const nanos = usdToNanos(input.budgetUsd);
      if (nanos < spentNanos) {
        throw new AppError("validation_failed", `budgetUsd: the run has already spent ${formatUsd(nanosToUsd(spentNanos))}; the budget must be at least that.`, {
          field: "budgetUsd",
        });
      }
      data.budgetNanos = BigInt(nanos);
      words.push(`Budget now ${formatUsd(input.budgetUsd)}.`);
    }
  }
  if (input.errorThreshold !== undefined) {
    data.errorThreshold = input.errorThreshold;
    words.push(`Error-rate threshold now ${thresholdWords(input.errorThreshold)}.`);
  }
  return { data, words };
}

/** `PATCH /api/runs/:id`: a paused run's budget or breaker threshold; 409 unless paused. */
export async function changeRunSettings(runId: string, body: unknown): Promise<void> {
  const input = changeRunSchema.parse(body ?? {});
  if (input.budgetUsd === undefined && input.errorThreshold === undefined) {
    throw new AppError("validation_failed", "Nothing to change: send budgetUsd or errorThreshold.", { field: "budgetUsd" });
  }
  const run = await loadRun(runId);
  const { data, words } = settingsChange(input, Number(run.costNanos));
  await changePausedRunOrConflict(runId, data);
  logRun(runId, `Settings changed while paused. ${words.join(" ")}`);
}

/**
 * Resumes a paused run, with the changes the body asks for made in the same conditional update:
 * a raised budget (a budget stop continues), a new threshold, or the breaker off for the rest of
 * the current pass. Of two resumes at once, one wins; the other answers 409.
 */
export async function resumeRun(runId: string, body: unknown = {}): Promise<void> {
  const input = resumeRunSchema.parse(body ?? {});
  const run = await loadRun(runId);
  const { data, words } = settingsChange(input, Number(run.costNanos));
  let breakerOffPass: number | undefined;
  if (input.ignoreBreakerThisPass) {
    breakerOffPass = await currentPass(runId);
    words.push(`Error-rate breaker off for ${passWords(breakerOffPass)}.`);
  }
  await moveRunOrConflict(runId, "running", ["paused"], { ...data, breakerOffPass, pauseReason: null, pauseKind: null }, "resumed");
  logResume(runId, words);
  await signalRun(run, "resumed");
}

export async function cancelRun(runId: string): Promise<void> {
  const run = await loadRun(runId);
  await endRunEarly(runId, "cancelled", "Cancelled by a person.", { orConflict: true });
  logRun(runId, "Cancelled by a person.");
  abortBatchInFlight(runId);
  // Batch API batches still out are cancelled at the provider too (an ended run never collects them).
  await cancelRemoteBatches(runId).catch((error: unknown) => console.error(`[run ${runId}] could not cancel its remote batches`, error));
  await signalRun(run, "cancelled");
}

/** An execution that gave up after its retries leaves the run paused, saying why, for a person to resume or cancel. */
export async function pauseAfterFailedExecution(runId: string, message: string): Promise<boolean> {
  const pauseReason = `The execution stopped after repeated errors (${redactSecrets(message)}). Resume to try again, or cancel the run.`;
  const paused = await pauseRunFor(runId, "execution", pauseReason);
  if (paused) logPause(runId, "execution", pauseReason);
  return paused;
}
