// Acting on every item of one run that waits for review: retry them all (after fixing whatever made
// them fail) or discard them all.
import "server-only";
import pLimit from "p-limit";
import { z } from "zod";
import type { BulkReviewResult } from "@/lib/shared/api-types";
import { db } from "@/lib/server/db";
import { notFound } from "@/lib/server/errors";
import { afterReview, retryWithModel } from "@/lib/server/review/queue";
import { claimManyForReviewRetry, moveItems } from "@/lib/server/runs/state-machine";

/** Items one request retries; the rest stay queued for the next click, so a request stays short. */
export const BULK_RETRY_LIMIT = 500;

export const bulkReviewSchema = z.object({
  runId: z.string().min(1, "runId is required"),
  action: z.enum(["retry", "discard"], { error: 'action must be "retry" or "discard"' }),
});

export async function actOnRunReview(body: unknown, reviewedById: string | null = null): Promise<BulkReviewResult> {
  const { runId, action } = bulkReviewSchema.parse(body);
  const run = await db.run.findUnique({ where: { id: runId } });
  if (!run) throw notFound("Run", runId);
  const waiting = { runId, status: "needs_review" };
  const reviewed = { reviewAction: action, reviewedAt: new Date(), reviewedById };

  if (action === "discard") {
    const count = await moveItems({ runId }, ["needs_review"], "skipped", { ...reviewed, skipReason: "discarded in review" });
    await afterReview(runId);
    return { action, items: count, completed: 0, stillInReview: 0 };
  }

  const candidates = await db.runItem.findMany({ where: waiting, select: { id: true }, orderBy: { rowIndex: "asc" }, take: BULK_RETRY_LIMIT });
  // Claimed first: items another request (a second click, a single retry) holds are not sent twice.
  const { claim, ids } = await claimManyForReviewRetry(candidates.map((item) => item.id), reviewed);
  const items = await db.runItem.findMany({ where: { id: { in: ids } }, select: { id: true, input: true, batchNumber: true }, orderBy: { rowIndex: "asc" } });
  // The run's own concurrency bounds the retries; the endpoint's limiter paces them.
  const limit = pLimit(run.concurrency);
  const outcomes = await Promise.all(items.map((item) => limit(() => retryWithModel(run, { ...item, claim }))));
  await afterReview(runId);
  const completed = outcomes.filter(Boolean).length;
  return { action, items: items.length, completed, stillInReview: await db.runItem.count({ where: waiting }) };
}
