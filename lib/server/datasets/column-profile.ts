// The column profile of a stored dataset (lib/server/datasets/column-stats.ts), computed by streaming its
// rows a page at a time and then kept in memory: a dataset's rows never change after upload, so
// the profile stays right until the dataset is deleted. A restart computes it again on first ask.
import "server-only";
import type { DatasetColumns } from "@/lib/shared/api-types";
import { db, type DbClient } from "@/lib/server/db";
import { createColumnProfiler } from "@/lib/server/datasets/column-stats";
import { notFound } from "@/lib/server/errors";

/** Rows read per query: large enough to keep round trips few, small enough to keep memory flat. */
export const PROFILE_PAGE_ROWS = 2000;
/** Profiles kept per database client, least recently used dropped first. One is a few KB. */
const PROFILE_CACHE_ENTRIES = 50;

// Promises, so concurrent requests for the same dataset share one computation.
const caches = new WeakMap<DbClient, Map<string, Promise<DatasetColumns>>>();

function cacheOf(client: DbClient): Map<string, Promise<DatasetColumns>> {
  let cache = caches.get(client);
  if (!cache) caches.set(client, (cache = new Map()));
  return cache;
}

// Checked by hand rather than with zod: this runs once per row, 100k times for a large dataset.
function parseStringArray(json: string, what: string): string[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || !parsed.every((cell): cell is string => typeof cell === "string")) {
    throw new Error(`${what} holds no JSON array of strings.`);
  }
  return parsed;
}

async function computeProfile(client: DbClient, id: string, columns: string[], rowCount: number): Promise<DatasetColumns> {
  const profiler = createColumnProfiler(columns);
  // Row indexes are dense from 0: a range on the primary key reads each page without OFFSET.
  for (let start = 0; start < rowCount; start += PROFILE_PAGE_ROWS) {
    const rows = await client.datasetRow.findMany({
      where: { datasetId: id, index: { gte: start, lt: start + PROFILE_PAGE_ROWS } },
      select: { index: true, cells: true },
    });
    for (const row of rows) profiler.addRow(parseStringArray(row.cells, `Row ${row.index} of dataset ${id}`));
  }
  return { datasetId: id, rowCount, columns: profiler.result() };
}

/** Every column's type, empty and distinct counts, sample and longest value. */
export async function getColumnProfile(id: string, client: DbClient = db): Promise<DatasetColumns> {
  // Asked every time, so a deleted dataset is a 404 even while its profile is still cached.
  const dataset = await client.dataset.findUnique({ where: { id }, select: { columns: true, rowCount: true } });
  if (!dataset) throw notFound("Dataset", id);
  const cache = cacheOf(client);
  let profile = cache.get(id);
  if (profile) {
    cache.delete(id);
  } else {
    const computing = computeProfile(client, id, parseStringArray(dataset.columns, `Dataset ${id}`), dataset.rowCount);
    // A failure is not kept: the next request tries again (the caller still gets the error).
    computing.catch(() => {
      if (cache.get(id) === computing) cache.delete(id);
    });
    profile = computing;
  }
  cache.set(id, profile);
  for (const oldest of cache.keys()) {
    if (cache.size <= PROFILE_CACHE_ENTRIES) break;
    cache.delete(oldest);
  }
  return profile;
}

/** Drops the cached profile of a deleted dataset. */
export function forgetColumnProfile(id: string, client: DbClient = db): void {
  caches.get(client)?.delete(id);
}
