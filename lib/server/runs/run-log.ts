// The server log of a run, in the same words the dashboard shows: progress after each batch,
// every pause with its reason, every resume with what the person changed, the end.
import "server-only";
import { env } from "@/lib/server/env";
import type { PauseKind } from "@/lib/shared/api-types";

export function logRun(runId: string, message: string): void {
  if (env.BATCHWISE_LOG === "1") console.log(`[run ${runId}] ${message}`);
}

/** "Paused by a person." or "Paused. Error-rate breaker: 8 of 10 items …" */
export function logPause(runId: string, kind: PauseKind, reason: string): void {
  logRun(runId, kind === "person" ? reason : `Paused. ${reason}`);
}

/** "Resumed by a person. Budget now $0.0500. Error-rate breaker off for the first pass." */
export function logResume(runId: string, changes: string[]): void {
  logRun(runId, ["Resumed by a person.", ...changes].join(" "));
}
