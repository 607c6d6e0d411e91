// "Retry with my resolutions as examples": a reviewer's own resolved items of a run, offered back to
// the model as few-shot examples (input → the output the person wrote) when retrying that run's items.
import "server-only";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import type { FewShotExample } from "@/lib/server/llm/client";
import type { ReviewExample } from "@/lib/shared/api-types";

/** Examples one retry may carry: enough to show the pattern, few enough to keep prompts (and cost) small. */
export const MAX_REVIEW_EXAMPLES = 5;

const RESOLVED_BY = (userId: string | null) => ({ status: "completed", reviewAction: "resolve", reviewedById: userId, output: { not: null } });

/** The caller's resolutions in a run, newest first. */
export async function listReviewExamples(runId: string, userId: string | null, limit = MAX_REVIEW_EXAMPLES): Promise<ReviewExample[]> {
  if (!userId) return [];
  const items = await db.runItem.findMany({
    where: { runId, ...RESOLVED_BY(userId) },
    orderBy: [{ reviewedAt: "desc" }, { rowIndex: "asc" }],
    take: Math.min(limit, MAX_REVIEW_EXAMPLES),
    select: { id: true, rowIndex: true, input: true, output: true, reviewedAt: true },
  });
  return items.map((item) => ({ itemId: item.id, rowIndex: item.rowIndex, input: item.input, output: item.output ?? "", reviewedAt: item.reviewedAt?.toISOString() ?? null }));
}

/** Checks that every example is a resolution the reviewer made; 422 naming exampleItemIds otherwise. */
export async function assertOwnResolutions(itemIds: string[], userId: string | null): Promise<void> {
  if (itemIds.length === 0) return;
  const found = userId ? await db.runItem.count({ where: { id: { in: itemIds }, ...RESOLVED_BY(userId) } }) : 0;
  if (found !== new Set(itemIds).size) {
    throw new AppError("validation_failed", "exampleItemIds: every example must be an item you resolved yourself.", { field: "exampleItemIds" });
  }
}

/** The examples by run: each item is retried with its own run's examples only. */
export async function examplesByRun(itemIds: string[]): Promise<Map<string, FewShotExample[]>> {
  const byRun = new Map<string, FewShotExample[]>();
  if (itemIds.length === 0) return byRun;
  const items = await db.runItem.findMany({
    where: { id: { in: itemIds }, status: "completed", output: { not: null } },
    orderBy: [{ reviewedAt: "asc" }, { rowIndex: "asc" }],
    select: { runId: true, input: true, output: true },
  });
  for (const item of items) {
    const list = byRun.get(item.runId) ?? [];
    list.push({ input: item.input, output: item.output ?? "" });
    byRun.set(item.runId, list);
  }
  return byRun;
}
