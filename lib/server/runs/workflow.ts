// The run workflow, written once. Inngest (inngest/functions/execute-run.ts) and the local
// executor (lib/server/runs/local-executor.ts) each supply the three step primitives below.
// Every step is idempotent and all progress lives in the database, so a step re-executed after a
// crash or a retry picks up where the last one stopped and never bills an item twice.
import "server-only";
import { endPausedRun, finishRun, planRetryPass, startRun } from "@/lib/server/runs/run-lifecycle";
import { processBatch, type BatchOutcome } from "@/lib/server/runs/process-batch";
import { RunPipeline } from "@/lib/server/runs/batch-pipeline";
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
  /**
   * Whether the next batch's step may start while the one before is finishing (pipelined batches,
   * lib/server/runs/batch-pipeline.ts). Only for an executor whose steps run in this process and
   * are not memoized: a durable step must have finished all its work when it returns.
   */
  pipelined?: boolean;
}

/** Where an execution starts: the first batch of the first pass, or where an earlier one stopped. */
export interface RunCursor {
  pass: number;
  batch: number;
}

export interface WorkflowOptions {
  from?: RunCursor;
  /** Off: never pipeline, whatever the executor allows (the benchmark's baseline). */
  pipelined?: boolean;
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

  // With no delay between batches, an in-process executor pipelines them: the next one queues at the
  // endpoint's limiter as this one's last requests go out, and is still judged after it.
  const pipeline = steps.pipelined && options.pipelined !== false && run.delayMs === 0 ? new RunPipeline() : undefined;

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

    // Batches started ahead of their turn (pipelined), by number. A pause or a stop makes them stale:
    // they withdraw themselves (their batch before did not continue) and are awaited, then run afresh.
    const ahead = new Map<number, Promise<BatchOutcome>>();
    // Batches launched since the last pause: a step retried after its sends must not launch the next one twice.
    const launched = new Set<number>();
    let generation = 0;
    const settleAhead = async () => {
      generation++;
      launched.clear();
      const stale = [...ahead.values()];
      ahead.clear();
      await Promise.allSettled(stale);
    };
    const launch = (batch: number, id: string, before?: Promise<BatchOutcome>): Promise<BatchOutcome> => {
      const ref = { runId, pass, batch, batchCount };
      if (!pipeline) return step(id, () => processBatch(ref));
      const launchedIn = generation;
      launched.add(batch);
      const outcome: Promise<BatchOutcome> = step(id, () => processBatch(ref, { pipeline, before, onAllSent: () => startNext() }));
      // Awaited in turn by the loop below; this keeps a failure before then from counting as unhandled.
      outcome.catch(() => undefined);
      // At most two batches at once: the next starts once the one before this has been judged and continued.
      const startNext = () => {
        if (batch >= batchCount) return;
        void (before ?? Promise.resolve(null)).then(
          (previous) => {
            if ((previous && previous.next !== "continue") || generation !== launchedIn || launched.has(batch + 1)) return;
            ahead.set(batch + 1, launch(batch + 1, `batch-${pass}-${batch + 1}`, outcome));
          },
          () => undefined,
        );
      };
      return outcome;
    };

    try {
      for (let batch = firstBatch; batch <= batchCount; batch++) {
        if (used + STEPS_PER_BATCH_AT_MOST > maxSteps) return { done: false, continueFrom: { pass, batch } };

        const started = ahead.get(batch);
        ahead.delete(batch);
        let outcome = await (started ?? launch(batch, `batch-${pass}-${batch}`));
        // Paused before the batch ran (a manual pause), or while it was sending: wait, then run the same batch.
        while (outcome.next === "pause" && !outcome.ran) {
          await settleAhead();
          if ((await waitForResume()) === "cancelled") return { done: true };
          outcome = await launch(batch, `batch-${pass}-${batch}-after-pause-${pauses}`);
        }
        if (outcome.next !== "continue") await settleAhead();
        if (outcome.next === "stop") return { done: true };
        // Paused after the batch ran (the error-rate breaker): wait before the next one.
        if (outcome.next === "pause" && (await waitForResume()) === "cancelled") return { done: true };
        if (batch < batchCount && run.delayMs > 0) {
          used++;
          await steps.sleep(`delay-${pass}-${batch}`, run.delayMs);
        }
      }
    } finally {
      // Nothing of this execution may still be sending when it returns (or throws): its lease ends with it.
      await settleAhead();
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
