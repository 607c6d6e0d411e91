// GET /api/comparisons/:id/rows: the sample's rows with each variant's answer side by side, whether
// it matches the reference's, and its verdict. A sample is at most 1,000 rows of at most 4 variants,
// so the answers are read whole and paged here; the dataset cells only for the page.
import "server-only";
import { db } from "@/lib/server/db";
import { notFound } from "@/lib/server/errors";
import type { ItemStatus } from "@/lib/shared/api-types";
import type { ComparisonCell, ComparisonRow, ComparisonRowsPage, Verdict } from "@/lib/shared/comparison-types";
import { answersAgree } from "./agreement";
import { variantShape } from "./comparison-view";

export type RowFilter = "all" | "disagreements" | "unjudged";
export const ROW_FILTERS: readonly RowFilter[] = ["all", "disagreements", "unjudged"];

export async function getComparisonRows(id: string, page: { offset: number; limit: number; filter: RowFilter }): Promise<ComparisonRowsPage> {
  const comparison = await db.comparison.findUnique({
    where: { id },
    include: {
      dataset: { select: { columns: true } },
      variants: { orderBy: { position: "asc" }, include: { run: { select: { outputSchema: true } } } },
    },
  });
  if (!comparison) throw notFound("Comparison", id);
  const shapes = comparison.variants.map(variantShape);
  const items = await db.runItem.findMany({
    where: { runId: { in: comparison.variants.map((variant) => variant.runId) } },
    select: { id: true, runId: true, rowIndex: true, status: true, output: true, errorMessage: true, verdict: { select: { verdict: true, note: true } } },
  });
  const position = new Map(comparison.variants.map((variant, index) => [variant.runId, index]));
  const byRow = new Map<number, (ComparisonCell | null)[]>();
  for (const item of items) {
    const index = position.get(item.runId);
    if (index === undefined) continue;
    const cells = byRow.get(item.rowIndex) ?? comparison.variants.map(() => null);
    const answered = item.output !== null && (item.status === "completed" || item.status === "skipped");
    cells[index] = {
      itemId: item.id,
      status: item.status as ItemStatus,
      output: answered ? item.output : null,
      errorMessage: item.errorMessage,
      agrees: null,
      verdict: (item.verdict?.verdict as Verdict | undefined) ?? null,
      note: item.verdict?.note ?? null,
    };
    byRow.set(item.rowIndex, cells);
  }

  const reference = comparison.referenceIndex;
  const sampleRows = JSON.parse(comparison.sampleRows) as number[];
  const rows = sampleRows.map((rowIndex) => {
    const cells = byRow.get(rowIndex) ?? comparison.variants.map(() => null);
    const expected = cells[reference]?.output ?? null;
    cells.forEach((cell, index) => {
      if (cell && index !== reference) cell.agrees = answersAgree(shapes[index]?.kind ?? "text", shapes[reference]?.kind ?? "text", cell.output, expected);
    });
    return { rowIndex, cells };
  });
  const kept = rows.filter(({ cells }) => {
    if (page.filter === "disagreements") return cells.some((cell) => cell?.agrees === false);
    if (page.filter === "unjudged") return cells.some((cell) => cell?.output != null && cell.verdict === null);
    return true;
  });
  const slice = kept.slice(page.offset, page.offset + page.limit);

  const columns = JSON.parse(comparison.dataset.columns) as string[];
  const datasetRows = await db.datasetRow.findMany({
    where: { datasetId: comparison.datasetId, index: { in: slice.map((row) => row.rowIndex) } },
    select: { index: true, cells: true },
  });
  const cellsByIndex = new Map(datasetRows.map((row) => [row.index, JSON.parse(row.cells) as string[]]));
  const result: ComparisonRow[] = slice.map(({ rowIndex, cells }) => {
    const values = cellsByIndex.get(rowIndex) ?? [];
    return { rowIndex, values: Object.fromEntries(columns.map((column, i) => [column, values[i] ?? ""])), cells };
  });
  return { columns, rows: result, total: kept.length, offset: page.offset, limit: page.limit };
}
