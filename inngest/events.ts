// Run events. The run itself lives in the database; events carry only its id.
import { eventType } from "inngest";
import { z } from "zod";

const runRef = z.object({ runId: z.string().min(1) });

/** Which model endpoint (URL and a hash of its key) a run calls: Inngest's flow control is keyed by it. */
const endpoint = z.string().min(1);

/** A run was created and should be executed; priority orders waiting runs (Inngest priority.run). */
export const runStarted = eventType("run/run.started", {
  schema: runRef.extend({ priority: z.number().int().min(-100).max(100), endpoint }),
});
/** A paused run was resumed by a person; the waiting function carries on. */
export const runResumed = eventType("run/run.resumed", { schema: runRef });
/** A run was cancelled; Inngest stops its function (cancelOn). */
export const runCancelled = eventType("run/run.cancelled", { schema: runRef });

/**
 * A run continues in a fresh function run from a cursor: one Inngest function run has a step cap
 * (1,000) and a state cap, and a 100,000-item run needs thousands of batch steps.
 */
export const runContinued = eventType("run/run.continued", {
  schema: runRef.extend({
    priority: z.number().int().min(-100).max(100),
    endpoint,
    from: z.object({ pass: z.number().int().min(0), batch: z.number().int().min(1) }),
  }),
});

/** A bulk review job was recorded (lib/server/review/jobs.ts) and should be executed; it lives in the database. */
export const reviewJobCreated = eventType("review/job.created", { schema: z.object({ jobId: z.string().min(1) }) });

/**
 * Items arrived in a stream (one event per item, so Inngest's batchEvents keyed by stream forms
 * the micro-batches), or a resumed stream should drain its queue (no itemId).
 */
export const streamItemArrived = eventType("stream/item.arrived", {
  schema: z.object({ streamId: z.string().min(1), itemId: z.string().min(1).optional() }),
});
