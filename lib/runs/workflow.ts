// The run workflow, written once. Inngest (inngest/functions/execute-run.ts) and the local
// executor (lib/runs/local-executor.ts) each supply the three step primitives below.
// Every step is idempotent and all progress lives in the database, so a step re-executed after a
// crash or a retry picks up where the last one stopped and never bills an item twice.
import { endPausedRun, finishRun, planRetryPass, startRun } from "@/lib/runs/run-lifecycle";
import { processBatch } from "@/lib/runs/process-batch";

export interface WorkflowSteps {
  /** Runs `fn` once per `id` and remembers its (JSON) result; on replay returns the remembered result. */
  run<T>(id: string, fn: () => Promise<T>): Promise<T>;
  /** A durable pause between batches. */
  sleep(id: string, ms: number): Promise<void>;
  /** Waits until the run is resumed (or cancelled) after a pause. */
  waitForResume(id: string): Promise<"resumed" | "cancelled">;
}

export async function executeRun(runId: string, steps: WorkflowSteps): Promise<void> {
  const run = await steps.run("start", () => startRun(runId));
  if (run.ended) return;

  // Step ids must be the same on every replay: pauses are numbered in the order they happen.
  let pauses = 0;
  const waitForResume = async () => {
    const outcome = await steps.waitForResume(`wait-for-resume-${++pauses}`);
    if (outcome === "cancelled") await steps.run(`end-after-pause-${pauses}`, () => endPausedRun(runId));
    return outcome;
  };

  for (let pass = 0; pass <= run.maxRetries; pass++) {
    const batchCount =
      pass === 0 ? run.totalBatches : await steps.run(`plan-retry-pass-${pass}`, () => planRetryPass(runId, pass));

    for (let batch = 1; batch <= batchCount; batch++) {
      let outcome = await steps.run(`batch-${pass}-${batch}`, () => processBatch({ runId, pass, batch, batchCount }));
      // Paused before the batch ran (a manual pause): wait, then run the same batch.
      while (outcome.next === "pause" && !outcome.ran) {
        if ((await waitForResume()) === "cancelled") return;
        outcome = await steps.run(`batch-${pass}-${batch}-after-pause-${pauses}`, () =>
          processBatch({ runId, pass, batch, batchCount }),
        );
      }
      if (outcome.next === "stop") return;
      // Paused after the batch ran (the error-rate breaker): wait before the next one.
      if (outcome.next === "pause" && (await waitForResume()) === "cancelled") return;
      if (batch < batchCount && run.delayMs > 0) await steps.sleep(`delay-${pass}-${batch}`, run.delayMs);
    }
  }

  await steps.run("finish", () => finishRun(runId));
}
