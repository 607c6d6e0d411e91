// Case-insensitive substring search over a dataset's stored rows, done in the database so a
// 100k-row dataset is never loaded into memory: one page of matching rows and how many match.
//
// Raw SQL, because the test has to look inside the JSON array of cells (DatasetRow.cells):
// Prisma's `contains` would match the JSON text itself, so "n" would find every row with a
// newline (stored as \n) and "," every row with two cells. Case-insensitivity differs by database:
// SQLite's LIKE folds ASCII letters only ("é" does not find "É"); PostgreSQL's ILIKE folds all.
import "server-only";
import { z } from "zod";
import { dbTarget, type DbClient, type DbTarget } from "@/lib/server/db";
import { Prisma } from "@/lib/server/generated/sqlite/client";

export const SEARCH_MAX_CHARS = 200;

/** `q` as a query parameter: trimmed, and blank means no search. */
export const rowSearchSchema = z.object({
  q: z
    .string()
    .trim()
    .max(SEARCH_MAX_CHARS, `q must be at most ${SEARCH_MAX_CHARS} characters`)
    .transform((q) => (q === "" ? null : q)),
});

export interface StoredRow {
  index: number;
  /** The JSON array of cells as stored. */
  cells: string;
}

/** The text as a LIKE pattern matching only itself; the escape character is a backslash. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}

// The JSON escape \u0000 is searched as U+FFFD: PostgreSQL refuses to turn it into text (one such
// cell would fail the whole search) and SQLite's LIKE stops reading a value at a NUL.
const JSON_NUL = "\\u0000";
const JSON_REPLACEMENT_CHARACTER = "\\ufffd";

function rowTable(target: DbTarget): Prisma.Sql {
  if (target.provider === "sqlite") return Prisma.raw(`"DatasetRow"`);
  const schema = (target.schema ?? "public").replaceAll('"', '""');
  return Prisma.raw(`"${schema}"."DatasetRow"`);
}

/** The WHERE condition for rows with a cell containing `q`, for a row aliased `r`. */
function matchCondition(target: DbTarget, q: string): Prisma.Sql {
  // First a cheap scan of the stored text for the needle as JSON.stringify writes it: every row
  // with a matching cell passes it, and it rejects most others before any JSON is parsed. What
  // gets through (a needle straddling an escape or the array's punctuation) is decided cell by cell.
  const storedPattern = `%${escapeLike(JSON.stringify(q).slice(1, -1))}%`;
  const cellPattern = `%${escapeLike(q)}%`;
  if (target.provider === "sqlite") {
    return Prisma.sql`r."cells" LIKE ${storedPattern} ESCAPE '\\'
      AND EXISTS (
        SELECT 1 FROM json_each(replace(r."cells", ${JSON_NUL}, ${JSON_REPLACEMENT_CHARACTER})) AS c
        WHERE c."value" LIKE ${cellPattern} ESCAPE '\\'
      )`;
  }
  return Prisma.sql`r."cells" ILIKE ${storedPattern} ESCAPE '\\'
    AND EXISTS (
      SELECT 1 FROM json_array_elements_text(replace(r."cells", ${JSON_NUL}, ${JSON_REPLACEMENT_CHARACTER})::json) AS c(value)
      WHERE c.value ILIKE ${cellPattern} ESCAPE '\\'
    )`;
}

/** Match counts kept per client, least recently used dropped first. */
const COUNT_CACHE_ENTRIES = 500;
// Stored rows never change after upload, so a count stays right; scrolling through a search asks
// for many pages of it, and each would otherwise scan the whole dataset again to count.
const countCaches = new WeakMap<DbClient, Map<string, number>>();

function countCacheOf(client: DbClient): Map<string, number> {
  let cache = countCaches.get(client);
  if (!cache) countCaches.set(client, (cache = new Map()));
  return cache;
}

function rememberCount(cache: Map<string, number>, key: string, total: number): number {
  cache.delete(key);
  cache.set(key, total);
  for (const oldest of cache.keys()) {
    if (cache.size <= COUNT_CACHE_ENTRIES) break;
    cache.delete(oldest);
  }
  return total;
}

/** Rows [offset, offset + limit) of those with a cell containing `q`, in file order, and their count. */
export async function searchRows(
  client: DbClient,
  datasetId: string,
  q: string,
  page: { offset: number; limit: number },
): Promise<{ rows: StoredRow[]; total: number }> {
  const target = dbTarget(client);
  const table = rowTable(target);
  const where = Prisma.sql`r."datasetId" = ${datasetId} AND ${matchCondition(target, q)}`;
  // Sequential, not Promise.all: SQLite has one connection, and PostgreSQL gains little.
  const rows = await client.$queryRaw<{ index: number | bigint; cells: string }[]>`
    SELECT r."index" AS "index", r."cells" AS "cells" FROM ${table} r
    WHERE ${where} ORDER BY r."index" LIMIT ${page.limit} OFFSET ${page.offset}`;
  const stored = rows.map((row) => ({ index: Number(row.index), cells: row.cells }));
  const cache = countCacheOf(client);
  const key = `${datasetId}\n${q}`;
  // A short page that is not past the end is the last one: the total needs no second scan.
  if (stored.length < page.limit && (stored.length > 0 || page.offset === 0)) {
    return { rows: stored, total: rememberCount(cache, key, page.offset + stored.length) };
  }
  const known = cache.get(key);
  if (known !== undefined) return { rows: stored, total: rememberCount(cache, key, known) };
  const [count] = await client.$queryRaw<{ total: number | bigint }[]>`
    SELECT COUNT(*) AS "total" FROM ${table} r WHERE ${where}`;
  return { rows: stored, total: rememberCount(cache, key, Number(count?.total ?? 0)) };
}
