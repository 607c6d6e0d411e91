// The run workflow, written once. Inngest (inngest/functions/execute-run.ts) and the local
// executor (lib/server/runs/local-executor.ts) each supply the three step primitives below.
// Every step is idempotent and all progress lives in the database, so a step re-executed after a
// crash or a retry picks up where the last one stopped and never bills an item twice.
import "server-only";
import { endPausedRun, finishRun, planRetryPass, startRun } from "@/lib/server/runs/run-lifecycle";
import { processBatch } from "@/lib/server/runs/process-batch";
import { runRemotePass } from "@/lib/server/runs/batch-api/remote-pass";
import { usesBatchApi } from "@/lib/server/runs/batch-api/remote-settings";
import { planFallbackPass } from "@/lib/server/runs/batch-api/fallback";

export interface WorkflowSteps {
  /** Runs `fn` once per `id` and remembers its (JSON) result; on replay returns the remembered result. */
  run<T>(id: string, fn: () => Promise<T>): Promise<T>;
  /** A durable pause between batches. */
  sleep(id: string, ms: number): Promise<void>;
  /** Waits until the run is resumed (or cancelled) after a pause. */
  waitForResume(id: string): Promise<"resumed" | "cancelled">;
}

/** Where an execution starts: the first batch of the first pass, or where an earlier one stopped. */
export interface RunCursor {
  pass: number;
  batch: number;
}

export interface WorkflowOptions {
  from?: RunCursor;
  /**
   * Steps one execution may use before it hands over to a fresh one (Inngest caps steps and state
   * per function run). Unlimited for the local executor.
   */
  maxSteps?: number;
}

export type WorkflowResult = { done: true } | { done: false; continueFrom: RunCursor };

/** The most steps one batch iteration can take: the batch, a wait for resume, a re-run, the delay, the end. */
const STEPS_PER_BATCH_AT_MOST = 5;

export async function executeRun(runId: string, steps: WorkflowSteps, options: WorkflowOptions = {}): Promise<WorkflowResult> {
  const from = options.from ?? { pass: 0, batch: 1 };
  const maxSteps = options.maxSteps ?? Number.POSITIVE_INFINITY;
  let used = 0;
  const step = <T>(id: string, fn: () => Promise<T>) => {
    used++;
    return steps.run(id, fn);
  };

  const run = await step("start", () => startRun(runId));
  if (run.ended) return { done: true };

  // Step ids must be the same on every replay: pauses are numbered in the order they happen.
  let pauses = 0;
  const waitForResume = async () => {
    used++;
    const outcome = await steps.waitForResume(`wait-for-resume-${++pauses}`);
    if (outcome === "cancelled") await step(`end-after-pause-${pauses}`, () => endPausedRun(runId));
    return outcome;
  };

  for (let pass = from.pass; pass <= run.maxRetries; pass++) {
    const firstBatch = pass === from.pass ? from.batch : 1;
    // Batch mode: the pass goes through the Batch API first; its synchronous batches below send what that did not answer.
    const batchApi = usesBatchApi(run, pass);
    if (batchApi && firstBatch === 1) {
      if (pass > 0) await step(`plan-retry-pass-${pass}-remote`, () => planRetryPass(runId, pass));
      const remote = await runRemotePass(runId, pass, {
        step,
        sleep: (id, ms) => {
          used++;
          return steps.sleep(id, ms);
        },
        waitForResume,
        fits: (more) => used + more <= maxSteps,
      });
      if (remote === "stop") return { done: true };
      if (remote === "handover") return { done: false, continueFrom: { pass, batch: 1 } };
    }
    // A retry pass is planned from what is left of it, so a continuation plans only its remainder.
    const remaining = batchApi
      ? await step(`plan-fallback-${pass}-from-${firstBatch}`, () => planFallbackPass(runId, pass))
      : pass === 0
        ? run.totalBatches - firstBatch + 1
        : await step(`plan-retry-pass-${pass}-from-${firstBatch}`, () => planRetryPass(runId, pass));
    const batchCount = firstBatch - 1 + remaining;

    for (let batch = firstBatch; batch <= batchCount; batch++) {
      if (used + STEPS_PER_BATCH_AT_MOST > maxSteps) return { done: false, continueFrom: { pass, batch } };

      let outcome = await step(`batch-${pass}-${batch}`, () => processBatch({ runId, pass, batch, batchCount }));
      // Paused before the batch ran (a manual pause): wait, then run the same batch.
      while (outcome.next === "pause" && !outcome.ran) {
        if ((await waitForResume()) === "cancelled") return { done: true };
        outcome = await step(`batch-${pass}-${batch}-after-pause-${pauses}`, () => processBatch({ runId, pass, batch, batchCount }));
      }
      if (outcome.next === "stop") return { done: true };
      // Paused after the batch ran (the error-rate breaker): wait before the next one.
      if (outcome.next === "pause" && (await waitForResume()) === "cancelled") return { done: true };
      if (batch < batchCount && run.delayMs > 0) {
        used++;
        await steps.sleep(`delay-${pass}-${batch}`, run.delayMs);
      }
    }
  }

  let finished = await step("finish", () => finishRun(runId));
  // Paused by a person as the last batch ended: the run completes once resumed.
  while (finished === "paused") {
    if ((await waitForResume()) === "cancelled") return { done: true };
    finished = await step(`finish-after-pause-${pauses}`, () => finishRun(runId));
  }
  return { done: true };
}
