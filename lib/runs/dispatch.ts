// Hands a run to its executor: Inngest when one is configured, otherwise the in-process one.
import { inngest } from "@/inngest/client";
import { runCancelled, runResumed, runStarted } from "@/inngest/events";
import { localExecutor } from "@/lib/runs/local-executor";
import { modelEndpoint } from "@/lib/llm/client";
import { rateLimiterKey } from "@/lib/llm/rate-limiter";

interface DispatchableRun {
  id: string;
  priority: number;
  executor: string;
}

export async function dispatchRun(run: DispatchableRun): Promise<void> {
  if (run.executor === "inngest") {
    const endpoint = rateLimiterKey(modelEndpoint());
    await inngest.send(runStarted.create({ runId: run.id, priority: run.priority, endpoint }));
  } else {
    localExecutor.enqueue(run.id, run.priority);
  }
}

export async function signalRun(run: DispatchableRun, signal: "resumed" | "cancelled"): Promise<void> {
  if (run.executor === "inngest") {
    const event = signal === "resumed" ? runResumed : runCancelled;
    await inngest.send(event.create({ runId: run.id }));
  } else {
    localExecutor.signal(run.id, signal);
  }
}
