// Reading and changing stored datasets: list, one with a page of (matching) rows, rename, delete.
import "server-only";
import { z } from "zod";
import { db, type DbClient } from "@/lib/server/db";
import { ACTIVE_RUN_STATUSES, type DatasetDetail, type DatasetSummary } from "@/lib/shared/api-types";
import { AppError, notFound } from "@/lib/server/errors";
import { forgetColumnProfile } from "@/lib/server/datasets/column-profile";
import { searchRows, type StoredRow } from "@/lib/server/datasets/row-search";

export const DEFAULT_ROW_PAGE = 100;
export const MAX_ROW_PAGE = 500;

// Both are stored as JSON text (prisma/models.prisma); checked where read, as the models say.
const stringArray = z.array(z.string());

interface DatasetRecord {
  id: string;
  name: string;
  columns: string;
  rowCount: number;
  createdAt: Date;
  createdBy?: { email: string } | null;
}

/** Read with datasets wherever they are shown, so each names who uploaded it. */
export const WITH_CREATOR = { createdBy: { select: { email: true } } } as const;

export function toDatasetSummary(dataset: DatasetRecord): DatasetSummary {
  return {
    id: dataset.id,
    name: dataset.name,
    rowCount: dataset.rowCount,
    columns: stringArray.parse(JSON.parse(dataset.columns)),
    createdAt: dataset.createdAt.toISOString(),
    createdBy: dataset.createdBy?.email ?? null,
  };
}

/** Newest first; a stream's dataset (its arrived items' data) is shown with the stream, not among uploads. */
export async function listDatasets(client: DbClient = db): Promise<DatasetSummary[]> {
  const datasets = await client.dataset.findMany({ where: { runs: { none: { kind: "stream" } } }, orderBy: { createdAt: "desc" }, include: WITH_CREATOR });
  return datasets.map(toDatasetSummary);
}

export async function getDatasetSummary(id: string, client: DbClient = db): Promise<DatasetSummary> {
  const dataset = await client.dataset.findUnique({ where: { id }, include: WITH_CREATOR });
  if (!dataset) throw notFound("Dataset", id);
  return toDatasetSummary(dataset);
}

/**
 * The dataset and rows [offset, offset + limit), each keyed by column name; with `q`, rows
 * [offset, offset + limit) of those with a cell containing `q` (case-insensitive), and their total.
 */
export async function getDataset(
  id: string,
  page: { offset: number; limit: number; q?: string | null },
  client: DbClient = db,
): Promise<DatasetDetail> {
  const limit = Math.min(page.limit, MAX_ROW_PAGE);
  const q = page.q || null;
  const summary = await getDatasetSummary(id, client);
  const { rows, total } = q
    ? await searchRows(client, id, q, { offset: page.offset, limit })
    : { rows: await readRowRange(client, id, page.offset, limit), total: summary.rowCount };
  return {
    ...summary,
    offset: page.offset,
    limit,
    q,
    total,
    rows: rows.map((row) => {
      const cells = stringArray.parse(JSON.parse(row.cells));
      return { index: row.index, values: Object.fromEntries(summary.columns.map((column, i) => [column, cells[i] ?? ""])) };
    }),
  };
}

// Row indexes are dense from 0, so a range on the primary key reads exactly the page, at any offset.
function readRowRange(client: DbClient, id: string, offset: number, limit: number): Promise<StoredRow[]> {
  return client.datasetRow.findMany({
    where: { datasetId: id, index: { gte: offset, lt: offset + limit } },
    orderBy: { index: "asc" },
    select: { index: true, cells: true },
  });
}

export async function renameDataset(id: string, name: string, client: DbClient = db): Promise<DatasetSummary> {
  const { count } = await client.dataset.updateMany({ where: { id }, data: { name } });
  if (count === 0) throw notFound("Dataset", id);
  return getDatasetSummary(id, client);
}

/** Deletes the dataset, its rows and its finished runs; refused while a run of it is active. */
export async function deleteDataset(id: string, client: DbClient = db): Promise<void> {
  await client.$transaction(async (tx) => {
    const dataset = await tx.dataset.findUnique({ where: { id }, select: { id: true } });
    if (!dataset) throw notFound("Dataset", id);
    const active = await tx.run.count({ where: { datasetId: id, status: { in: [...ACTIVE_RUN_STATUSES] } } });
    if (active > 0) {
      throw new AppError("conflict", `Dataset ${id} has ${active} active run(s); cancel them before deleting it.`, { id });
    }
    // Rows go explicitly rather than by cascade alone: that needs foreign keys enforced on the connection.
    await tx.datasetRow.deleteMany({ where: { datasetId: id } });
    await tx.dataset.delete({ where: { id } });
  });
  forgetColumnProfile(id, client);
}
