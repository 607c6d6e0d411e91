"use client";

// A bulk review job runs on the executor after its 202: a toast follows it (a progress bar that
// updates), and when it has finished the queue, the counts and the runs refresh.
import type { QueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { Progress } from "@/components/ui/progress";
import { fetchReviewJob } from "@/lib/client/api-client";
import { queryKeys, REVIEW_JOB_POLL_MS } from "@/lib/client/queries";
import type { ReviewAction, ReviewJob } from "@/lib/shared/api-types";
import { formatNumber, plural } from "@/lib/shared/format";

const VERB: Record<ReviewAction, { doing: string; done: string }> = {
  retry: { doing: "Retrying", done: "Retried" },
  discard: { doing: "Discarding", done: "Discarded" },
  resolve: { doing: "Resolving", done: "Resolved" },
};

export function jobHandled(job: ReviewJob): number {
  return job.done + job.failed + job.skipped;
}

/** "12 answered, 3 failed again, 1 already handled by someone else" */
export function describeJob(job: ReviewJob): string {
  const parts = [job.action === "retry" ? `${formatNumber(job.done)} answered` : `${formatNumber(job.done)} ${VERB[job.action].done.toLowerCase()}`];
  if (job.failed > 0) parts.push(`${formatNumber(job.failed)} failed again and stay in review`);
  if (job.skipped > 0) parts.push(`${formatNumber(job.skipped)} already handled by someone else`);
  return parts.join(", ");
}

export function ReviewJobBar({ job }: { job: ReviewJob }) {
  const handled = job.done + job.failed;
  const percent = job.total > 0 ? Math.round((handled / job.total) * 100) : 100;
  return (
    <div className="mt-1 w-full space-y-1" data-testid="review-job-progress" data-job-status={job.status}>
      <Progress value={job.status === "completed" ? 100 : percent} aria-label={`${VERB[job.action].doing} ${plural(job.total, "item")}`} />
      <p className="text-xs text-muted-foreground">
        {formatNumber(handled)} of {formatNumber(job.total)} · {describeJob(job)}
      </p>
    </div>
  );
}

/** Follows a job in a toast until it ends, then refreshes what it changed. */
export async function followReviewJob(job: ReviewJob, queryClient: QueryClient): Promise<ReviewJob> {
  const title = (j: ReviewJob) => `${VERB[j.action].doing} ${plural(j.total, "item")}${j.exampleCount ? ` with ${plural(j.exampleCount, "example")}` : ""}`;
  let current = job;
  for (;;) {
    if (current.status === "completed") {
      toast.success(`${VERB[current.action].done} ${plural(current.total, "item")}`, { id: current.id, description: describeJob(current), duration: 6000 });
      break;
    }
    if (current.status === "failed") {
      toast.error(`The ${current.action} job stopped`, { id: current.id, description: current.error ?? describeJob(current), duration: 10000 });
      break;
    }
    toast.loading(title(current), { id: current.id, description: <ReviewJobBar job={current} />, duration: Infinity });
    await new Promise((resolve) => setTimeout(resolve, REVIEW_JOB_POLL_MS));
    try {
      current = await fetchReviewJob(current.id);
      // Items move while the job runs: keep the list in step with it.
      void queryClient.invalidateQueries({ queryKey: queryKeys.review });
    } catch {
      // A missed look: the next one tries again.
    }
  }
  await Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.review }), queryClient.invalidateQueries({ queryKey: queryKeys.runs })]);
  return current;
}
