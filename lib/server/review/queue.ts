// The review queue: items that still failed after their retries, and what a person does with them.
import "server-only";
import { z } from "zod";
import { db } from "@/lib/server/db";
import type { Run } from "@/lib/server/generated/sqlite/client";
import { notFound } from "@/lib/server/errors";
import type { ItemRow, Page, ReviewFilter, ReviewItem } from "@/lib/shared/api-types";
import type { FewShotExample } from "@/lib/server/llm/client";
import { reviewWhere } from "@/lib/server/review/filter";
import { writeReport } from "@/lib/server/runs/report";
import { itemCallFor, processItem } from "@/lib/server/runs/process-item";
import { isEnded } from "@/lib/server/runs/status";
import { toItemRow, WITH_REVIEWER } from "@/lib/server/runs/views";
import { copyDuplicateAnswers } from "@/lib/server/runs/duplicate-answers";
import { responseCacheKey } from "@/lib/server/runs/prefilter";
import { claimForReviewRetry, settleReviewItem } from "@/lib/server/runs/state-machine";

export const reviewActionSchema = z.discriminatedUnion("action", [
  /** Send the item to the model again now, optionally with a corrected input. */
  z.object({ action: z.literal("retry"), input: z.string().min(1, "input must not be empty").optional() }),
  /** A person supplies the output. */
  z.object({ action: z.literal("resolve"), output: z.string().min(1, "output is required to resolve an item") }),
  /** The item is dropped from the results. */
  z.object({ action: z.literal("discard") }),
]);

/** Oldest first; the filter (or a run id) narrows the queue. */
export async function listReviewQueue(offset: number, limit: number, filter: ReviewFilter | string = {}): Promise<Page<ReviewItem>> {
  const where = reviewWhere(typeof filter === "string" ? { runId: filter } : filter);
  const [items, total] = await Promise.all([
    db.runItem.findMany({
      where,
      orderBy: [{ updatedAt: "asc" }, { rowIndex: "asc" }],
      skip: offset,
      take: limit,
      include: {
        run: { select: { model: true, dataset: { select: { name: true } } } },
        attemptLog: { where: { ok: false }, orderBy: { createdAt: "asc" } },
      },
    }),
    db.runItem.count({ where }),
  ]);
  return {
    items: items.map((item) => ({
      ...toItemRow(item),
      runId: item.runId,
      datasetName: item.run.dataset.name,
      model: item.run.model,
      attemptErrors: item.attemptLog.map((a) => ({
        pass: a.pass,
        errorKind: a.errorKind,
        errorMessage: a.errorMessage,
        at: a.createdAt.toISOString(),
      })),
    })),
    total,
    offset,
    limit,
  };
}

/** `reviewedById`: who acted (kept on the item: who did what). */
export async function actOnReviewItem(itemId: string, body: unknown, reviewedById: string | null = null): Promise<ItemRow> {
  const action = reviewActionSchema.parse(body);
  const item = await db.runItem.findUnique({ where: { id: itemId }, include: { run: true } });
  if (!item) throw notFound("Item", itemId);
  const reviewed = { reviewAction: action.action, reviewedAt: new Date(), reviewedById };

  // Each action is one conditional move out of needs_review: of two people acting at once, one
  // wins and the other gets 409 with the item's state; a retry holds the item while it is sent.
  if (action.action === "resolve") {
    await settleReviewItem(itemId, "completed", { ...reviewed, output: action.output }, "resolved");
  } else if (action.action === "discard") {
    await settleReviewItem(itemId, "skipped", { ...reviewed, skipReason: "discarded in review" }, "discarded");
  } else {
    const input = action.input ?? item.input;
    // A corrected input is a different request: re-key it, so neither the response cache nor this
    // item's duplicates take its answer for the old input.
    const cacheKey =
      input === item.input
        ? item.cacheKey
        : responseCacheKey(
            { model: item.run.model, system: item.run.systemPrompt, outputSchema: item.run.outputSchema, providerId: item.run.providerId, labels: item.run.labels },
            input,
          );
    const claim = await claimForReviewRetry(itemId, { ...reviewed, input, cacheKey });
    await retryWithModel(item.run, { id: itemId, input, batchNumber: item.batchNumber, claim });
  }

  await afterReview(item.run.id);
  return toItemRow(await db.runItem.findUniqueOrThrow({ where: { id: itemId }, include: WITH_REVIEWER }));
}

/**
 * Sends a claimed review item to the model once more, with a reviewer's resolutions as few-shot
 * `examples` if given; one that fails again goes back to review, its new error kept.
 */
export async function retryWithModel(
  run: Run,
  item: { id: string; input: string; batchNumber: number; claim: string },
  examples?: readonly FewShotExample[],
): Promise<boolean> {
  const { client, call } = await itemCallFor(run, { pass: run.maxRetries + 1, batchNumber: item.batchNumber });
  const result = await processItem(client, { ...call, examples }, { ...item, onFailure: "needs_review" });
  return Boolean(result?.ok);
}

/** What follows any review action: duplicates get the new answer, and an ended run's report is rewritten. */
export async function afterReview(runId: string): Promise<void> {
  // Duplicates waiting for this item get its answer now (a person's answer too: same input).
  await copyDuplicateAnswers(runId);
  // Read now, not before the action: the run may have ended while the item was being retried.
  const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true } });
  if (isEnded(run.status)) await writeReport(runId);
}
