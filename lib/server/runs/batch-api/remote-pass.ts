// The Batch API part of a pass, as workflow steps: plan the pass's remote batches, then for each:
// submit it, wait with growing durable sleeps while polling it, and settle its results. Both
// executors run it through the workflow (lib/server/runs/workflow.ts), so its sleeps are durable
// on Inngest and a restart of the local executor re-attaches from the database.
import "server-only";
import { env } from "@/lib/server/env";
import { planRemotePass } from "./plan";
import { pollWaitMs } from "./poll-interval";
import { pollRemoteBatch } from "./poll";
import { settleRemoteBatch } from "./settle";
import { submitRemoteBatch } from "./submit";

export interface RemotePassSteps {
  step<T>(id: string, fn: () => Promise<T>): Promise<T>;
  sleep(id: string, ms: number): Promise<void>;
  waitForResume(): Promise<"resumed" | "cancelled">;
  /** Whether this many more steps fit in the current execution (Inngest's step cap). */
  fits(steps: number): boolean;
}

/** The id of every wait on a remote batch starts so: an executor may give the run's slot to another meanwhile. */
export const REMOTE_WAIT_STEP_PREFIX = "remote-wait-";

/** Steps a remote batch takes at least to end: submit, then one wait, poll and settle. */
const STEPS_TO_SUBMIT_AT_MOST = 4;
/** Steps one more look takes, and the settle after it. */
const STEPS_PER_POLL_AT_MOST = 3;

/** continue: the pass's synchronous part comes next; stop: the run ended; handover: continue in a fresh execution. */
export type RemotePassResult = "continue" | "stop" | "handover";

export async function runRemotePass(runId: string, pass: number, steps: RemotePassSteps): Promise<RemotePassResult> {
  // Settled remote batches are skipped without a step, so a fresh execution always gets further than the last.
  const { count, next } = await steps.step(`remote-plan-${pass}`, () => planRemotePass(runId, pass));
  for (let number = next; number <= count; number++) {
    if (!steps.fits(STEPS_TO_SUBMIT_AT_MOST)) return "handover";
    let submitted = await steps.step(`remote-submit-${pass}-${number}`, () => submitRemoteBatch(runId, pass, number));
    for (let resumes = 1; submitted.next === "pause"; resumes++) {
      if ((await steps.waitForResume()) === "cancelled") return "stop";
      submitted = await steps.step(`remote-submit-${pass}-${number}-after-pause-${resumes}`, () => submitRemoteBatch(runId, pass, number));
    }
    if (submitted.next === "stop") return "stop";
    if (submitted.next === "settled") continue;

    for (let poll = 1; ; poll++) {
      if (!steps.fits(STEPS_PER_POLL_AT_MOST)) return "handover";
      await steps.sleep(`${REMOTE_WAIT_STEP_PREFIX}${pass}-${number}-${poll}`, pollWaitMs(poll, env.BATCH_API_POLL_MS, env.BATCH_API_POLL_MAX_MS));
      const polled = await steps.step(`remote-poll-${pass}-${number}-${poll}`, () => pollRemoteBatch(runId, pass, number));
      if (polled.state === "stop") return "stop";
      if (polled.state === "ended") break;
    }
    const settled = await steps.step(`remote-settle-${pass}-${number}`, () => settleRemoteBatch(runId, pass, number));
    if (settled.next === "stop") return "stop";
    if (settled.next === "pause" && (await steps.waitForResume()) === "cancelled") return "stop";
  }
  return "continue";
}
