// The review queue: items that still failed after their retries, and what a person does with them.
import { z } from "zod";
import { db } from "@/lib/db";
import type { Run } from "@/lib/generated/sqlite/client";
import { AppError, notFound } from "@/lib/errors";
import type { ItemRow, Page, ReviewItem } from "@/lib/api-types";
import { writeReport } from "@/lib/runs/report";
import { itemCallFor, processItem } from "@/lib/runs/process-item";
import { isEnded } from "@/lib/runs/status";
import { toItemRow } from "@/lib/runs/views";
import { copyDuplicateAnswers } from "@/lib/runs/duplicate-answers";
import { responseCacheKey } from "@/lib/runs/prefilter";

export const reviewActionSchema = z.discriminatedUnion("action", [
  /** Send the item to the model again now, optionally with a corrected input. */
  z.object({ action: z.literal("retry"), input: z.string().min(1, "input must not be empty").optional() }),
  /** A person supplies the output. */
  z.object({ action: z.literal("resolve"), output: z.string().min(1, "output is required to resolve an item") }),
  /** The item is dropped from the results. */
  z.object({ action: z.literal("discard") }),
]);

/** Oldest first; `runId` narrows the queue to one run. */
export async function listReviewQueue(offset: number, limit: number, runId?: string): Promise<Page<ReviewItem>> {
  const where = { status: "needs_review", ...(runId ? { runId } : {}) };
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

export async function actOnReviewItem(itemId: string, body: unknown): Promise<ItemRow> {
  const action = reviewActionSchema.parse(body);
  const item = await db.runItem.findUnique({ where: { id: itemId }, include: { run: true } });
  if (!item) throw notFound("Item", itemId);
  if (item.status !== "needs_review") {
    throw new AppError("conflict", `Item ${itemId} is ${item.status}, not waiting for review.`);
  }
  const reviewed = { reviewAction: action.action, reviewedAt: new Date() };

  if (action.action === "resolve") {
    await db.runItem.update({ where: { id: itemId }, data: { ...reviewed, status: "completed", output: action.output } });
  } else if (action.action === "discard") {
    await db.runItem.update({ where: { id: itemId }, data: { ...reviewed, status: "skipped", skipReason: "discarded in review" } });
  } else {
    const input = action.input ?? item.input;
    // A corrected input is a different request: re-key it, so neither the response cache nor this
    // item's duplicates take its answer for the old input.
    const cacheKey =
      input === item.input
        ? item.cacheKey
        : responseCacheKey({ model: item.run.model, system: item.run.systemPrompt, outputSchema: item.run.outputSchema }, input);
    await db.runItem.update({ where: { id: itemId }, data: { ...reviewed, input, cacheKey } });
    await retryWithModel(item.run, { id: itemId, input, batchNumber: item.batchNumber });
  }

  await afterReview(item.run);
  return toItemRow(await db.runItem.findUniqueOrThrow({ where: { id: itemId } }));
}

/** Sends an item in review to the model once more; one that fails again stays in review, its new error kept. */
export async function retryWithModel(run: Run, item: { id: string; input: string; batchNumber: number }): Promise<boolean> {
  const { client, call } = itemCallFor(run, { pass: run.maxRetries + 1, batchNumber: item.batchNumber });
  const result = await processItem(client, call, item);
  if (!result?.ok) await db.runItem.update({ where: { id: item.id }, data: { status: "needs_review" } });
  return Boolean(result?.ok);
}

/** What follows any review action: duplicates get the new answer, and an ended run's report is rewritten. */
export async function afterReview(run: Pick<Run, "id" | "status">): Promise<void> {
  // Duplicates waiting for this item get its answer now (a person's answer too: same input).
  await copyDuplicateAnswers(run.id);
  if (isEnded(run.status)) {
    await writeReport(run.id);
  }
}
