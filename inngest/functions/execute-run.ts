// Binds the run workflow (lib/runs/workflow.ts) to Inngest: each workflow step is an Inngest
// step, so every batch is its own durable, retried step and sleeps between batches are durable.
import { inngest } from "@/inngest/client";
import { runCancelled, runResumed, runStarted } from "@/inngest/events";
import { executeRun, type WorkflowSteps } from "@/lib/runs/workflow";
import { waitForResumeTimeout } from "@/lib/runs/control";

type InngestStep = Parameters<Parameters<typeof inngest.createFunction>[1]>[0]["step"];

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

export const executeRunFunction = inngest.createFunction(
  {
    id: "execute-run",
    triggers: [runStarted],
    // One execution per run; a run's batches are strictly sequential.
    concurrency: [{ key: "event.data.runId", limit: 1 }],
    priority: { run: "event.data.priority" },
    cancelOn: [{ event: runCancelled, match: "data.runId" }],
    retries: 5,
  },
  async ({ event, step }) => {
    const runId = event.data.runId;
    await executeRun(runId, inngestSteps(step, runId));
    return { runId };
  },
);
