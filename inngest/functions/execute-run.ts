// Binds the run workflow (lib/server/runs/workflow.ts) to Inngest: each workflow step is an Inngest
// step, so every batch is its own durable, retried step and sleeps between batches are durable.
// Long runs hand over to a fresh function run (run/run.continued) before Inngest's step cap.
import { inngest } from "@/inngest/client";
import { runCancelled, runContinued, runResumed, runStarted } from "@/inngest/events";
import { executeRun, type WorkflowSteps } from "@/lib/server/runs/workflow";
import { pauseAfterFailedExecution, waitForResumeTimeout } from "@/lib/server/runs/control";

type InngestStep = Parameters<Parameters<typeof inngest.createFunction>[1]>[0]["step"];

/**
 * Runs executing steps at once against one endpoint, across every worker: each worker paces its
 * own calls (lib/server/llm/rate-limiter.ts), so this bounds how many pacers share one provider limit.
 */
export const RUNS_PER_ENDPOINT = 4;

/** Inngest Cloud allows 1,000 steps per function run; stop well short, leaving room for the hand-over. */
export const MAX_STEPS_PER_FUNCTION_RUN = 900;

/**
 * Not pipelined (WorkflowSteps.pipelined unset): a step's result is memoized once it returns, and
 * the next step may run in another worker, so calls a batch step started for the next batch would
 * outlive their step: a crash there loses their answers and the replay sends them again. One batch
 * per step keeps every call inside its durable step; runs sharing the endpoint (RUNS_PER_ENDPOINT)
 * fill each other's idle moments at batch boundaries instead.
 */
export function inngestSteps(step: InngestStep, runId: string): WorkflowSteps {
  return {
    run: async <T>(id: string, fn: () => Promise<T>) => (await step.run(id, fn)) as T,
    sleep: (id, ms) => step.sleep(id, ms),
    waitForResume: async (id) => {
      const resumed = await step.waitForEvent(id, {
        event: runResumed,
        timeout: waitForResumeTimeout,
        if: `async.data.runId == "${runId}"`,
      });
      // A run left paused past the timeout is not resumed behind anyone's back.
      return resumed ? "resumed" : "cancelled";
    },
  };
}

export function createExecuteRunFunction(maxSteps = MAX_STEPS_PER_FUNCTION_RUN) {
  return inngest.createFunction(
    {
      id: "execute-run",
      triggers: [runStarted, runContinued],
      // One execution per run (a run's batches are strictly sequential, continuations included),
      // and a bounded number of runs per model endpoint.
      concurrency: [
        { key: "event.data.runId", limit: 1 },
        { key: "event.data.endpoint", limit: RUNS_PER_ENDPOINT, scope: "env" },
      ],
      priority: { run: "event.data.priority" },
      cancelOn: [{ event: runCancelled, match: "data.runId" }],
      retries: 5,
      // Out of retries: nobody executes the run any more, so it must not stay "running". Paused
      // with the reason, a person can resume it (which starts a fresh execution) or cancel it.
      onFailure: async ({ event, error }) => {
        const runId = event.data.event.data.runId;
        await pauseAfterFailedExecution(runId, error.message);
      },
    },
    async ({ event, step }) => {
      const { runId, priority, endpoint } = event.data;
      const from = "from" in event.data ? event.data.from : undefined;
      const result = await executeRun(runId, inngestSteps(step, runId), { from, maxSteps });
      if (!result.done) {
        await step.sendEvent("continue", runContinued.create({ runId, priority, endpoint, from: result.continueFrom }));
        return { runId, continueFrom: result.continueFrom };
      }
      return { runId };
    },
  );
}

export const executeRunFunction = createExecuteRunFunction();
