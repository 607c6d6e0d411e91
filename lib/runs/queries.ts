// Read-side queries behind /api/runs/:id/batches, /items and /report.
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { ITEM_STATUSES, type BatchRow, type ItemRow, type ItemStatus, type Page, type RunReport } from "@/lib/api-types";
import { buildReport } from "@/lib/runs/report";
import { isEnded } from "@/lib/runs/status";
import { toBatchRow, toItemRow } from "@/lib/runs/views";

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

export async function listItems(runId: string, status: ItemStatus | undefined, offset: number, limit: number): Promise<Page<ItemRow>> {
  await assertRunExists(runId);
  const where = { runId, ...(status ? { status } : {}) };
  const [items, total] = await Promise.all([
    db.runItem.findMany({ where, orderBy: { rowIndex: "asc" }, skip: offset, take: limit }),
    db.runItem.count({ where }),
  ]);
  return { items: items.map(toItemRow), total, offset, limit };
}

/** The final report; a run still going has none yet. */
export async function getReport(runId: string): Promise<RunReport> {
  const run = await assertRunExists(runId);
  if (!isEnded(run.status)) throw new AppError("conflict", `The run is ${run.status}; its report is written when it ends.`);
  return run.report ? (JSON.parse(run.report) as RunReport) : buildReport(runId);
}
