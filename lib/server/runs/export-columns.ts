// The columns of a run's export, and one item as a record of them. The CSV, JSON and JSONL exports
// share this plan, so a record has the same keys in the same order in every format: the dataset's
// own columns first (joinable back to the source), then the row number as the UI shows it, the
// model's output, and what happened to the item.
import "server-only";
import { nanosToUsd } from "@/lib/server/llm/pricing";
import type { ExportResolution } from "@/lib/shared/api-types";
import { parseDuplicateOf } from "@/lib/shared/skip-reasons";

/** What the export adds after the dataset's columns, in order (before and after the output). */
const LEADING = ["row"] as const;
const TRAILING = [
  "status", "skipReason", "resolution", "reviewAction", "reviewedBy", "reviewedAt",
  "errorKind", "errorMessage", "attempts", "tokensIn", "tokensOut", "costUsd", "latencyMs", "itemId",
] as const;
type AddedColumn = (typeof LEADING)[number] | "output" | (typeof TRAILING)[number];

/** Statuses whose error is the item's final word; any other item's earlier error is history, not exported. */
const FAILURE_STATUSES: readonly string[] = ["failed", "needs_review"];

export interface ExportPlan {
  /** The dataset's columns, in file order. */
  datasetColumns: string[];
  /** The export's own column names: as above, or with a leading "_" where a dataset column already has the name. */
  names: Record<AddedColumn, string>;
  /** The output schema's top-level fields, each a CSV column `output.<field>`. */
  outputFields: string[];
  /** Every CSV column, in order. */
  csvHeader: string[];
}

/** An item as the export reads it: no prompt (large, and not asked for); the reviewer's e-mail looked up apart. */
export interface ExportItem {
  id: string;
  rowIndex: number;
  status: string;
  output: string | null;
  errorKind: string | null;
  errorMessage: string | null;
  skipReason: string | null;
  attempts: number;
  tokensIn: number;
  tokensOut: number;
  costNanos: bigint;
  latencyMs: number | null;
  reviewAction: string | null;
  reviewedAt: Date | null;
  reviewedById: string | null;
}

/** Reviewers' e-mails by user id: a handful of people review a whole run, so they are read once, not joined per item. */
export type ReviewerEmails = ReadonlyMap<string, string>;

export const EXPORT_ITEM_SELECT = {
  id: true, rowIndex: true, status: true, output: true, errorKind: true, errorMessage: true, skipReason: true,
  attempts: true, tokensIn: true, tokensOut: true, costNanos: true, latencyMs: true, reviewAction: true, reviewedAt: true,
  reviewedById: true,
} as const;

export function planExport(datasetColumns: string[], outputSchemaText: string | null): ExportPlan {
  const taken = new Set(datasetColumns);
  const unique = (name: string) => {
    let candidate = name;
    while (taken.has(candidate)) candidate = `_${candidate}`;
    taken.add(candidate);
    return candidate;
  };
  const names = Object.fromEntries([...LEADING, "output", ...TRAILING].map((name) => [name, unique(name)])) as Record<AddedColumn, string>;
  const outputFields = schemaFields(outputSchemaText);
  const fieldColumns = outputFields.map((field) => unique(`${names.output}.${field}`));
  return {
    datasetColumns,
    names,
    outputFields,
    csvHeader: [...datasetColumns, ...LEADING.map((n) => names[n]), ...fieldColumns, names.output, ...TRAILING.map((n) => names[n])],
  };
}

/** The top-level properties of an object schema: known before the first row, so the CSV header is fixed. */
function schemaFields(outputSchemaText: string | null): string[] {
  if (!outputSchemaText) return [];
  try {
    const schema = JSON.parse(outputSchemaText) as unknown;
    const properties = isRecord(schema) && isRecord(schema.properties) ? schema.properties : null;
    return properties ? Object.keys(properties) : [];
  } catch {
    return [];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Who settled an item: the model, or a person (their e-mail and when); null while it is open. */
export interface Resolution {
  resolution: ExportResolution | null;
  reviewAction: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
}

/**
 * A duplicate carries its original's answer, so it is resolved as the original was: a person's
 * answer copied to twenty duplicates is a person's answer twenty times.
 */
export function resolutionOf(item: ExportItem, reviewers: ReviewerEmails, original?: ExportItem): Resolution {
  const reviewedBy = item.reviewedById === null ? null : (reviewers.get(item.reviewedById) ?? null);
  const own = { reviewAction: item.reviewAction, reviewedBy, reviewedAt: item.reviewedAt?.toISOString() ?? null };
  if (item.status === "completed") return { ...own, resolution: item.reviewAction === "resolve" ? "person" : "model" };
  if (item.status !== "skipped") return { ...own, resolution: null };
  if (item.reviewAction === "discard") return { ...own, resolution: "person" };
  if (item.output === null) return { ...own, resolution: null };
  if (original && parseDuplicateOf(item.skipReason) === original.rowIndex) {
    const from = resolutionOf(original, reviewers);
    return from.resolution === "person" ? from : { ...own, resolution: from.resolution ?? "model" };
  }
  // A cached answer, or a duplicate whose original is gone: a model wrote it.
  return { ...own, resolution: "model" };
}

/** The output as JSON when the run asked for structure and got an object; otherwise null. */
function structuredOutput(plan: ExportPlan, output: string | null): Record<string, unknown> | null {
  if (plan.outputFields.length === 0 || output === null) return null;
  try {
    const value = JSON.parse(output) as unknown;
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

/** One item of the export, with its dataset row's cells and, for a duplicate, its original. */
export interface ExportEntry {
  item: ExportItem;
  cells: string[];
  original?: ExportItem;
}

/** The values after the output, in TRAILING's order. */
function trailingValues(item: ExportItem, resolution: Resolution): unknown[] {
  const failure = FAILURE_STATUSES.includes(item.status);
  return [
    item.status, item.skipReason, resolution.resolution, resolution.reviewAction, resolution.reviewedBy, resolution.reviewedAt,
    failure ? item.errorKind : null, failure ? item.errorMessage : null,
    item.attempts, item.tokensIn, item.tokensOut, nanosToUsd(item.costNanos), item.latencyMs, item.id,
  ];
}

/** One JSON/JSONL record: the CSV's columns, with a structured output as one nested object. */
export function exportRecord(plan: ExportPlan, { item, cells, original }: ExportEntry, reviewers: ReviewerEmails): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  plan.datasetColumns.forEach((column, i) => (record[column] = cells[i] ?? ""));
  record[plan.names.row] = item.rowIndex + 1;
  record[plan.names.output] = structuredOutput(plan, item.output) ?? item.output;
  const trailing = trailingValues(item, resolutionOf(item, reviewers, original));
  TRAILING.forEach((name, i) => (record[plan.names[name]] = trailing[i]));
  return record;
}

/** One CSV row, aligned with plan.csvHeader: structured fields spread into their columns, the raw output kept. */
export function exportCsvRow(plan: ExportPlan, { item, cells, original }: ExportEntry, reviewers: ReviewerEmails): string[] {
  const structured = structuredOutput(plan, item.output);
  return [
    ...plan.datasetColumns.map((_, i) => cells[i] ?? ""),
    String(item.rowIndex + 1),
    ...plan.outputFields.map((field) => csvValue(structured?.[field])),
    item.output ?? "",
    ...trailingValues(item, resolutionOf(item, reviewers, original)).map(csvValue),
  ];
}

function csvValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}
