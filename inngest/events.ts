// Run events. The run itself lives in the database; events carry only its id.
import { eventType } from "inngest";
import { z } from "zod";

const runRef = z.object({ runId: z.string().min(1) });

/** A run was created and should be executed; priority orders waiting runs (Inngest priority.run). */
export const runStarted = eventType("run/run.started", {
  schema: runRef.extend({ priority: z.number().int().min(-100).max(100) }),
});
/** A paused run was resumed by a person; the waiting function carries on. */
export const runResumed = eventType("run/run.resumed", { schema: runRef });
/** A run was cancelled; Inngest stops its function (cancelOn). */
export const runCancelled = eventType("run/run.cancelled", { schema: runRef });
