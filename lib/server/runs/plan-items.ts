// A run's rows, read once in dataset order: each rendered, keyed for the response cache and
// classified by the pre-filter. insertRun writes what this yields; previewRun only counts it, so
// the preview and the run cannot disagree.
import "server-only";
import type { DbClient } from "@/lib/server/db";
import { renderTemplate, templateColumns } from "@/lib/server/prompts/template";
import {
  createPrefilter,
  filledChars,
  responseCacheKey,
  type CachedAnswers,
  type PrefilterOptions,
  type RenderedRow,
  type RequestSettings,
  type Verdict,
} from "@/lib/server/runs/prefilter";

/** The client or a transaction: both have these models. */
type Reader = Pick<DbClient, "datasetRow" | "runItem">;

export interface PlanSource {
  datasetId: string;
  rowCount: number;
  columns: readonly string[];
  template: string;
  /** A sample's rows (ascending); null for the whole dataset. */
  rowIndexes: readonly number[] | null;
  settings: RequestSettings;
  prefilter: PrefilterOptions;
}

export interface PlannedItem extends RenderedRow {
  verdict: Verdict;
}

/** Rows read, keys looked up and items written per round trip: bounded memory and SQLite's parameter limit. */
export const PLAN_CHUNK = 500;

const NO_ANSWERS: CachedAnswers = new Map();

export async function* planItems(reader: Reader, source: PlanSource): AsyncGenerator<PlannedItem[]> {
  const classify = createPrefilter(source.prefilter);
  const used = templateColumns(source.template);
  for await (const rows of readRows(reader, source)) {
    const rendered = rows.map((row): RenderedRow => {
      const cells = JSON.parse(row.cells) as string[];
      const values = Object.fromEntries(source.columns.map((column, i) => [column, cells[i] ?? ""]));
      const input = renderTemplate(source.template, values);
      return { rowIndex: row.index, input, filledChars: filledChars(used, values), cacheKey: responseCacheKey(source.settings, input) };
    });
    const answers = source.prefilter.useCache
      ? await lookUpAnswers(reader, rendered.filter((row) => row.filledChars >= source.prefilter.minInputChars).map((row) => row.cacheKey))
      : NO_ANSWERS;
    yield rendered.map((row) => ({ ...row, verdict: classify(row, answers) }));
  }
}

async function* readRows(reader: Reader, source: PlanSource) {
  const select = { index: true, cells: true } as const;
  if (source.rowIndexes) {
    for (let i = 0; i < source.rowIndexes.length; i += PLAN_CHUNK) {
      const wanted = source.rowIndexes.slice(i, i + PLAN_CHUNK);
      yield reader.datasetRow.findMany({ where: { datasetId: source.datasetId, index: { in: [...wanted] } }, orderBy: { index: "asc" }, select });
    }
    return;
  }
  for (let offset = 0; offset < source.rowCount; offset += PLAN_CHUNK) {
    yield reader.datasetRow.findMany({
      where: { datasetId: source.datasetId, index: { gte: offset, lt: offset + PLAN_CHUNK } },
      orderBy: { index: "asc" },
      select,
    });
  }
}

/**
 * Earlier model answers for these keys: completed items of any run (RunItem_cacheKey_status_idx).
 * An answer a person typed in review is not a model answer, so it is never served as one.
 */
export async function lookUpAnswers(reader: Reader, keys: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(keys)];
  const answers = new Map<string, string>();
  if (unique.length === 0) return answers;
  const found = await reader.runItem.findMany({
    where: {
      cacheKey: { in: unique },
      status: "completed",
      output: { not: null },
      OR: [{ reviewAction: null }, { reviewAction: { not: "resolve" } }],
    },
    select: { cacheKey: true, output: true },
    orderBy: { updatedAt: "desc" },
  });
  // Newest first: the first answer seen for a key wins.
  for (const item of found) {
    if (item.cacheKey !== null && item.output !== null && !answers.has(item.cacheKey)) answers.set(item.cacheKey, item.output);
  }
  return answers;
}
