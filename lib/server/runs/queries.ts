// Read-side queries behind /api/runs/:id/batches, /items and /report.
import "server-only";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { ITEM_STATUSES, type BatchRow, type ItemPage, type ItemStatus, type RunReport } from "@/lib/shared/api-types";
import { itemCounts, RUN_COUNTERS_SELECT } from "@/lib/server/runs/progress";
import { buildReport } from "@/lib/server/runs/report";
import { isEnded } from "@/lib/server/runs/status";
import { toBatchRow, toItemRow, WITH_REVIEWER } from "@/lib/server/runs/views";

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

const COUNTERS = { totalItems: true, ...RUN_COUNTERS_SELECT } as const;

/**
 * A status with at most this many items in the run is paged from its own rows: their rowIndexes
 * through the (runId, status) index, then the page's rows by key. The ordered range read on
 * (runId, rowIndex) would walk past every item of the other statuses to find the few of this one
 * (the Needs review tab of a 100,000-item run: 90 ms of a blocked event loop on SQLite).
 */
export const SPARSE_STATUS_MAX = 2_000;

export async function listItems(runId: string, query: ItemPageQuery): Promise<ItemPage> {
  const { status, offset, after, limit } = query;
  if (offset !== undefined && after !== undefined) {
    throw new AppError("validation_failed", "Give either offset or after, not both.", { field: "after" });
  }
  const run = await db.run.findUnique({ where: { id: runId }, select: COUNTERS });
  if (!run) throw notFound("Run", runId);
  // The run's counters, not a COUNT over its items (kept in step by the database, see lib/server/runs/progress.ts).
  const total = status ? itemCounts(run)[status] : run.totalItems;
  const { rows, more } = status && total <= SPARSE_STATUS_MAX ? await sparsePage(runId, status, query) : await rangePage(runId, query);
  const last = rows.at(-1);
  return {
    items: rows.map(toItemRow),
    total,
    offset: after === undefined ? (offset ?? 0) : null,
    after: after ?? null,
    limit,
    nextCursor: more && last ? last.rowIndex : null,
  };
}

async function rangePage(runId: string, { status, offset, after, limit }: ItemPageQuery) {
  const where = { runId, ...(status ? { status } : {}), ...(after !== undefined ? { rowIndex: { gt: after } } : {}) };
  // One row past the page says whether another follows, without counting.
  const rows = await db.runItem.findMany({ where, include: WITH_REVIEWER, orderBy: { rowIndex: "asc" }, skip: offset ?? 0, take: limit + 1 });
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

async function sparsePage(runId: string, status: ItemStatus, { offset, after, limit }: ItemPageQuery) {
  const keys = await db.runItem.findMany({ where: { runId, status }, select: { rowIndex: true } });
  const following = keys
    .map((key) => key.rowIndex)
    .filter((rowIndex) => after === undefined || rowIndex > after)
    .sort((a, b) => a - b);
  const start = offset ?? 0;
  const page = following.slice(start, start + limit);
  // An item that changed status since is left out; the next page still starts after this one.
  const rows = page.length === 0 ? [] : await db.runItem.findMany({ where: { runId, status, rowIndex: { in: page } }, include: WITH_REVIEWER, orderBy: { rowIndex: "asc" } });
  return { rows, more: following.length > start + limit };
}

/** The final report; a run still going has none yet. */
export async function getReport(runId: string): Promise<RunReport> {
  const run = await assertRunExists(runId);
  if (!isEnded(run.status)) throw new AppError("conflict", `The run is ${run.status}; its report is written when it ends.`);
  return run.report ? (JSON.parse(run.report) as RunReport) : buildReport(runId);
}
