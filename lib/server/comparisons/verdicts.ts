// A person's verdict on one answer: approve or reject, with an optional note. Judging again changes it.
import "server-only";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { verdictSchema } from "@/lib/shared/comparison-settings";
import type { Verdict, VerdictResult } from "@/lib/shared/comparison-types";

/**
 * Records the verdict on an item of the run, only while the item carries an answer (an item being
 * retried or that failed has nothing to judge: 409 with its status). One row per item, so two people
 * judging at once leave one verdict, the later.
 */
export async function judgeItem(runId: string, itemId: string, body: unknown, judgedById: string | null): Promise<VerdictResult> {
  const input = verdictSchema.parse(body);
  const item = await db.runItem.findFirst({ where: { id: itemId, runId }, select: { status: true, output: true } });
  if (!item) throw notFound("Item", itemId);
  if (item.output === null || (item.status !== "completed" && item.status !== "skipped")) {
    throw new AppError("conflict", `Item ${itemId} has no answer to judge (it is ${item.status}).`, { status: item.status, field: "itemId" });
  }
  const data = { verdict: input.verdict, note: input.note || null, judgedById };
  const saved = await db.itemVerdict.upsert({ where: { itemId }, create: { itemId, runId, ...data }, update: data });
  return { itemId, runId, verdict: saved.verdict as Verdict, note: saved.note, updatedAt: saved.updatedAt.toISOString() };
}
