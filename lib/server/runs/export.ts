// GET /api/runs/:id/export: a run's results as CSV, JSON or JSONL, joined back to the dataset's
// rows and streamed page by page by key (rowIndex after the last one sent), so a 100,000-item run
// is exported in the memory of one page, and each page costs the same at row 90,000 as at row 0.
import "server-only";
import Papa from "papaparse";
import { z } from "zod";
import { FORMULA_CELL } from "@/lib/server/csv-safe-cell";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { EXPORT_FORMATS, type ExportFormat } from "@/lib/shared/api-types";
import { parseDuplicateOf } from "@/lib/shared/skip-reasons";
import {
  EXPORT_ITEM_SELECT, exportCsvRow, exportRecord, planExport, type ExportEntry, type ExportItem, type ExportPlan, type ReviewerEmails,
} from "@/lib/server/runs/export-columns";

const EXPORT_PAGE = 1_000;

/** `only=failed` (or `failed_review`): the items still failing or waiting for a person, to fix outside. */
const FAILED_OR_REVIEW = ["failed", "needs_review"];

export interface ExportOptions {
  format: ExportFormat;
  onlyFailed: boolean;
}

/** Reads `format` and `only` from the query; unknown values are the caller's mistake (422 naming the field). */
export function parseExportQuery(url: URL): ExportOptions {
  const format = url.searchParams.get("format") || "csv";
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new AppError("validation_failed", `format must be one of ${EXPORT_FORMATS.join(", ")}.`, { field: "format" });
  }
  const only = url.searchParams.get("only") || null;
  if (only !== null && only !== "failed" && only !== "failed_review") {
    throw new AppError("validation_failed", 'only must be "failed" (alias "failed_review").', { field: "only" });
  }
  return { format: format as ExportFormat, onlyFailed: only !== null };
}

const datasetColumnsSchema = z.array(z.string());

export async function exportRun(runId: string, { format, onlyFailed }: ExportOptions): Promise<ReadableStream<Uint8Array>> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { datasetId: true, outputSchema: true, dataset: { select: { columns: true } } } });
  if (!run) throw notFound("Run", runId);
  const plan = planExport(datasetColumnsSchema.parse(JSON.parse(run.dataset.columns)), run.outputSchema);
  const encoder = new TextEncoder();
  const write = writerFor(format, plan);
  const reviewers = new Map<string, string>();
  let after = -1;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const items = await db.runItem.findMany({
        where: { runId, rowIndex: { gt: after }, ...(onlyFailed ? { status: { in: FAILED_OR_REVIEW } } : {}) },
        orderBy: { rowIndex: "asc" },
        take: EXPORT_PAGE,
        select: EXPORT_ITEM_SELECT,
      });
      const last = items.length < EXPORT_PAGE;
      const [cells, originals] = await Promise.all([datasetCells(run.datasetId, items), duplicateOriginals(runId, items)]);
      await addReviewers(reviewers, [...items, ...originals.values()]);
      const entries = items.map((item) => ({ item, cells: cells.get(item.rowIndex) ?? [], original: originals.get(parseDuplicateOf(item.skipReason) ?? -1) }));
      const text = write(entries, reviewers, first, last);
      if (text) controller.enqueue(encoder.encode(text));
      first = false;
      after = items.at(-1)?.rowIndex ?? after;
      if (last) controller.close();
    },
  });
}

/** Adds the e-mails of reviewers not seen yet in this export. */
async function addReviewers(reviewers: Map<string, string>, items: ExportItem[]): Promise<void> {
  const unknown = new Set<string>();
  for (const item of items) if (item.reviewedById !== null && !reviewers.has(item.reviewedById)) unknown.add(item.reviewedById);
  if (unknown.size === 0) return;
  const users = await db.user.findMany({ where: { id: { in: [...unknown] } }, select: { id: true, email: true } });
  for (const user of users) reviewers.set(user.id, user.email);
}

/**
 * Each item's dataset row, as uploaded: one read per page. A page of consecutive rows (a full run)
 * is read as a range on the key; a sparse one (a sample, only=failed) by its indexes, as a range
 * over it could cross the whole dataset.
 */
async function datasetCells(datasetId: string, items: ExportItem[]): Promise<Map<number, string[]>> {
  const first = items[0]?.rowIndex;
  const last = items.at(-1)?.rowIndex;
  if (first === undefined || last === undefined) return new Map();
  const dense = last - first + 1 <= 2 * items.length;
  const index = dense ? { gte: first, lte: last } : { in: items.map((item) => item.rowIndex) };
  const rows = await db.datasetRow.findMany({ where: { datasetId, index }, select: { index: true, cells: true } });
  return new Map(rows.map((row) => [row.index, JSON.parse(row.cells) as string[]]));
}

/** The originals of this page's duplicates, whose resolution they share (see resolutionOf). */
async function duplicateOriginals(runId: string, items: ExportItem[]): Promise<Map<number, ExportItem>> {
  const wanted = new Set<number>();
  for (const item of items) {
    const original = item.output === null ? null : parseDuplicateOf(item.skipReason);
    if (original !== null) wanted.add(original);
  }
  if (wanted.size === 0) return new Map();
  const originals = await db.runItem.findMany({ where: { runId, rowIndex: { in: [...wanted] } }, select: EXPORT_ITEM_SELECT });
  return new Map(originals.map((item) => [item.rowIndex, item]));
}

type PageWriter = (entries: ExportEntry[], reviewers: ReviewerEmails, first: boolean, last: boolean) => string;

function writerFor(format: ExportFormat, plan: ExportPlan): PageWriter {
  if (format === "csv") {
    return (entries, reviewers, first) => {
      // Cells are anyone's text (uploads, model output, even column names): a formula among them must
      // not run when the file is opened in a spreadsheet.
      const data = entries.map((entry) => exportCsvRow(plan, entry, reviewers));
      if (first) data.unshift(plan.csvHeader);
      if (data.length === 0) return "";
      return `${Papa.unparse(data, { header: false, newline: "\r\n", escapeFormulae: FORMULA_CELL })}\r\n`;
    };
  }
  const records = (entries: ExportEntry[], reviewers: ReviewerEmails) => entries.map((entry) => JSON.stringify(exportRecord(plan, entry, reviewers)));
  if (format === "jsonl") return (entries, reviewers) => records(entries, reviewers).map((line) => `${line}\n`).join("");
  return (entries, reviewers, first, last) => {
    const body = records(entries, reviewers).join(",\n");
    return `${first ? "[\n" : body && ",\n"}${body}${last ? `${first && !body ? "" : "\n"}]\n` : ""}`;
  };
}
