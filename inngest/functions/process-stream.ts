// Binds a stream's micro-batches to Inngest: an event per arrived item, batched by stream with
// batchEvents (one function run gets up to STREAM_EVENTS_PER_RUN arrivals, or what came within a
// second). The run closes the stream's due batches from the database (so a batch holds at most
// the stream's own maxBatchSize, and a partial one waits out maxWaitMs with a durable sleep) and
// runs each as its own step through the run's batch code. Concurrency 1 per stream keeps batch
// numbering and the breaker in order; arrivals while a run executes wait for the next one.
import { inngest } from "@/inngest/client";
import { streamItemArrived } from "@/inngest/events";
import { closeStreamBatches, runStreamBatch } from "@/lib/server/streams/micro-batch";
import { deliverDueWebhooks } from "@/lib/server/streams/webhooks";

/** Inngest caps batchEvents.maxSize at 100. */
export const STREAM_EVENTS_PER_RUN = 100;
/** Inngest's shortest batch timeout: a stream's maxWaitMs below it is served at 1 s on Inngest. */
export const STREAM_EVENTS_TIMEOUT = "1s";
/** Close-and-run rounds one function run makes before it leaves the rest to the next arrival's run (well under 1,000 steps). */
export const MAX_ROUNDS_PER_FUNCTION_RUN = 100;

export const processStreamFunction = inngest.createFunction(
  {
    id: "process-stream",
    triggers: [streamItemArrived],
    batchEvents: { maxSize: STREAM_EVENTS_PER_RUN, timeout: STREAM_EVENTS_TIMEOUT, key: "event.data.streamId" },
    concurrency: [{ key: "event.data.streamId", limit: 1 }],
    retries: 5,
  },
  async ({ events, step }) => {
    const streamId = events[0]?.data.streamId;
    if (!streamId) return { batches: 0 };
    let batches = 0;
    for (let round = 1; round <= MAX_ROUNDS_PER_FUNCTION_RUN; round++) {
      // Batches run one after another here (concurrency 1 per stream): none is in flight while closing.
      const closed = await step.run(`close-${round}`, () => closeStreamBatches(streamId, { requeue: true }));
      let stop = !closed.running;
      for (const batch of closed.batches) {
        const outcome = await step.run(`batch-${batch}`, () => runStreamBatch(streamId, batch));
        batches++;
        if (outcome !== "continue") {
          stop = true;
          break;
        }
      }
      if (stop) break;
      if (closed.batches.length > 0) continue;
      if (closed.nextDueAt === null) break;
      // The open batch is not full: wait until its first item has waited maxWaitMs.
      await step.sleep(`wait-${round}`, Math.max(1, closed.nextDueAt - Date.now()));
    }
    await step.run("deliver-webhooks", () => deliverDueWebhooks({ streamIds: [streamId] }));
    return { streamId, batches };
  },
);
