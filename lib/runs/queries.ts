// Read-side queries behind /api/runs/:id/batches, /items and /report.
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { ITEM_STATUSES, type BatchRow, type ItemPage, type ItemStatus, type RunReport } from "@/lib/api-types";
import { itemCounts } from "@/lib/runs/progress";
import { buildReport } from "@/lib/runs/report";
import { isEnded } from "@/lib/runs/status";
import { toBatchRow, toItemRow, WITH_REVIEWER } from "@/lib/runs/views";

async function assertRunExists(runId: string) {
  const run = await db.run.findUnique({ where: { id: runId }, select: { id: true, status: true, report: true } });
  if (!run) throw notFound("Run", runId);
  return run;
}

export async function listBatches(runId: string): Promise<BatchRow[]> {
  await assertRunExists(runId);
  const batches = await db.runBatch.findMany({ where: { runId }, orderBy: [{ pass: "asc" }, { number: "asc" }] });
  return batches.map(toBatchRow);
}

export function parseItemStatus(raw: string | null): ItemStatus | undefined {
  if (raw === null || raw === "") return undefined;
  if (!(ITEM_STATUSES as readonly string[]).includes(raw)) {
    throw new AppError("validation_failed", `status must be one of ${ITEM_STATUSES.join(", ")}.`, { field: "status" });
  }
  return raw as ItemStatus;
}

/** One page of a run's items in rowIndex order, by offset or by key. */
export interface ItemPageQuery {
  status?: ItemStatus;
  /** Skips this many items: each one skipped is still read, so deep offsets cost more. */
  offset?: number;
  /** Items after this rowIndex: a range read on the (runId, rowIndex) index, as cheap deep as shallow. */
  after?: number;
  limit: number;
}

const COUNTERS = {
  totalItems: true,
  pendingCount: true,
  processingCount: true,
  completedCount: true,
  failedCount: true,
  needsReviewCount: true,
  skippedCount: true,
} as const;

export async function listItems(runId: string, { status, offset, after, limit }: ItemPageQuery): Promise<ItemPage> {
  if (offset !== undefined && after !== undefined) {
    throw new AppError("validation_failed", "Give either offset or after, not both.", { field: "after" });
  }
  const run = await db.run.findUnique({ where: { id: runId }, select: COUNTERS });
  if (!run) throw notFound("Run", runId);
  const where = { runId, ...(status ? { status } : {}), ...(after !== undefined ? { rowIndex: { gt: after } } : {}) };
  // One row past the page says whether another follows, without counting.
  const rows = await db.runItem.findMany({ where, include: WITH_REVIEWER, orderBy: { rowIndex: "asc" }, skip: offset ?? 0, take: limit + 1 });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(toItemRow),
    // The run's counters, not a COUNT over its items (kept in step by the database, see lib/runs/progress.ts).
    total: status ? itemCounts(run)[status] : run.totalItems,
    offset: after === undefined ? (offset ?? 0) : null,
    after: after ?? null,
    limit,
    nextCursor: rows.length > limit && last ? last.rowIndex : null,
  };
}

/** The final report; a run still going has none yet. */
export async function getReport(runId: string): Promise<RunReport> {
  const run = await assertRunExists(runId);
  if (!isEnded(run.status)) throw new AppError("conflict", `The run is ${run.status}; its report is written when it ends.`);
  return run.report ? (JSON.parse(run.report) as RunReport) : buildReport(runId);
}
