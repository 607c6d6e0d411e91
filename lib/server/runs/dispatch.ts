// Hands a run to its executor: Inngest when one is configured, otherwise the in-process one.
import "server-only";
import { inngest } from "@/inngest/client";
import { runCancelled, runResumed, runStarted } from "@/inngest/events";
import { localExecutor } from "@/lib/server/runs/local-executor";
import { modelEndpoint } from "@/lib/server/llm/client";
import { rateLimiterKey } from "@/lib/server/llm/rate-limiter";
import { resolveProvider } from "@/lib/server/providers/resolve";
import { notifyStreamOfRun } from "@/lib/server/streams/dispatch";

interface DispatchableRun {
  id: string;
  priority: number;
  executor: string;
  /** Null for runs from before providers: they call what the environment serves. */
  providerId?: string | null;
  /** "stream": a stream's run, whose executor is the stream batcher (lib/server/streams/dispatch.ts). */
  kind?: string;
}

/** The Inngest concurrency key: the endpoint and key the run calls (its provider's, or the environment's). */
async function endpointKey(run: DispatchableRun): Promise<string> {
  const endpoint = run.providerId ? (await resolveProvider(run.providerId)).endpoint : modelEndpoint();
  return rateLimiterKey(endpoint);
}

export async function dispatchRun(run: DispatchableRun): Promise<void> {
  if (run.executor === "inngest") {
    const endpoint = await endpointKey(run);
    await inngest.send(runStarted.create({ runId: run.id, priority: run.priority, endpoint }));
  } else {
    localExecutor.enqueue(run.id, run.priority);
  }
}

export async function signalRun(run: DispatchableRun, signal: "resumed" | "cancelled"): Promise<void> {
  if (run.kind === "stream") {
    // The stream's batcher sees a cancel (archive) by itself; a resume drains its queue now.
    if (signal === "resumed") await notifyStreamOfRun(run.id);
    return;
  }
  if (run.executor === "inngest") {
    if (signal === "cancelled") {
      await inngest.send(runCancelled.create({ runId: run.id }));
      return;
    }
    // The execution waiting for the resume takes it. If none is waiting (it gave up after its
    // retries), the fresh start begins one. Behind a live one it waits its turn (one execution per
    // run), then replays the finished batches as no-ops, or finds the run ended and stops.
    await inngest.send(runResumed.create({ runId: run.id }));
    await dispatchRun(run);
  } else {
    localExecutor.signal(run.id, signal);
  }
}
