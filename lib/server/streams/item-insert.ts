// Appending arrived items to a stream's run with one raw INSERT that skips keys already taken
// (ON CONFLICT on the (runId, streamKey) unique index): of two requests sending the same key at
// once, one inserts and the other finds the first's row. Prisma's createMany cannot skip
// duplicates on SQLite, and a unique violation would abort a PostgreSQL transaction.
import "server-only";
import { randomUUID } from "node:crypto";
import type { DbClient, DbTarget } from "@/lib/server/db";
import { qualifiedTable, sqliteTimestamp } from "@/lib/server/sql";

export interface ArrivedItem {
  rowIndex: number;
  input: string;
  key: string | null;
}

/** Not yet in a micro-batch: the batcher gives it a number when its batch closes. */
export const UNBATCHED = 0;

const COLUMNS = `("id", "runId", "rowIndex", "input", "status", "batchNumber", "streamKey", "arrivedAt", "updatedAt")`;

/** Returns how many rows were inserted (the rest had keys already taken). */
export async function insertArrivedItems(
  executor: Pick<DbClient, "$executeRawUnsafe">,
  target: DbTarget,
  runId: string,
  items: ArrivedItem[],
  arrivedAt: Date,
): Promise<number> {
  if (items.length === 0) return 0;
  const table = qualifiedTable(target, "RunItem");
  const tuples = JSON.stringify(items.map((i) => [randomUUID(), i.rowIndex, i.input, i.key]));
  const conflict = `ON CONFLICT ("runId", "streamKey") DO NOTHING`;
  if (target.provider === "sqlite") {
    const field = (i: number) => `json_extract(value, '$[${i}]')`;
    const at = sqliteTimestamp(arrivedAt);
    // "WHERE true": SQLite needs it to read ON CONFLICT as the upsert clause after INSERT … SELECT.
    const sql = `INSERT INTO ${table} ${COLUMNS} SELECT ${field(0)}, ?, ${field(1)}, ${field(2)}, 'pending', ${UNBATCHED}, ${field(3)}, ?, ? FROM json_each(?) WHERE true ${conflict}`;
    return executor.$executeRawUnsafe(sql, runId, at, at, tuples);
  }
  const field = (i: number, type = "") => `(e->>${i})${type}`;
  const sql =
    `INSERT INTO ${table} ${COLUMNS} SELECT ${field(0)}, $1, ${field(1, "::integer")}, ${field(2)}, 'pending', ${UNBATCHED}, ${field(3)}, ` +
    `$2::timestamp(3), $2::timestamp(3) FROM json_array_elements($3::json) AS e ${conflict}`;
  return executor.$executeRawUnsafe(sql, runId, arrivedAt.toISOString(), tuples);
}
