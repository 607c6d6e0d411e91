// Binds bulk review jobs (lib/server/review/jobs.ts) to Inngest: the job is claimed, then each chunk is
// its own durable, retried step; the local executor runs the same chunks in-process. A job longer
// than one function run's step cap hands over to a fresh function run, which carries on from the job's
// cursor in the database.
import { inngest } from "@/inngest/client";
import { reviewJobCreated } from "@/inngest/events";
import { claimReviewJob, executeReviewJobChunk, failReviewJob } from "@/lib/server/review/jobs";

/** Well short of Inngest's 1,000 steps per function run, leaving room for the hand-over. */
export const MAX_REVIEW_JOB_STEPS = 900;
/** The lease owner for Inngest executions: one per job at a time (concurrency key below). */
export const INNGEST_REVIEW_JOB_OWNER = "inngest";

export function createExecuteReviewJobFunction(maxSteps = MAX_REVIEW_JOB_STEPS) {
  return inngest.createFunction(
    {
      id: "execute-review-job",
      triggers: [reviewJobCreated],
      concurrency: [{ key: "event.data.jobId", limit: 1 }],
      retries: 5,
      // Out of retries: the job is failed with the reason and the items it held go back to review.
      onFailure: async ({ event, error }) => {
        await failReviewJob(event.data.event.data.jobId, error.message);
      },
    },
    async ({ event, step }) => {
      const { jobId } = event.data;
      const claimed = await step.run("claim", () => claimReviewJob(jobId, INNGEST_REVIEW_JOB_OWNER));
      if (!claimed) return { jobId, claimed: false };
      for (let n = 1; n < maxSteps; n++) {
        const { finished } = await step.run(`chunk-${n}`, () => executeReviewJobChunk(jobId, INNGEST_REVIEW_JOB_OWNER));
        if (finished) return { jobId, finished: true };
      }
      await step.sendEvent("continue", reviewJobCreated.create({ jobId }));
      return { jobId, continued: true };
    },
  );
}

export const executeReviewJobFunction = createExecuteReviewJobFunction();
