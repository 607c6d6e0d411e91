// Writing a chunk of a new run's items with one raw INSERT: the chunk travels as a single JSON
// array parameter that the database splits into rows, as lib/server/datasets/row-insert.ts does for
// dataset rows. Prisma's createMany made run creation ~15 s at 100,000 items; this is a few seconds.
import "server-only";
import { randomUUID } from "node:crypto";
import type { DbClient, DbTarget } from "@/lib/server/db";
import { qualifiedTable, sqliteTimestamp } from "@/lib/server/sql";

export interface NewItem {
  rowIndex: number;
  input: string;
  status: "pending" | "skipped";
  skipReason: string | null;
  output: string | null;
  batchNumber: number;
  cacheKey: string | null;
}

type RawSqlExecutor = Pick<DbClient, "$executeRawUnsafe">;

const COLUMNS = `("id", "runId", "rowIndex", "input", "status", "skipReason", "output", "batchNumber", "cacheKey", "updatedAt")`;

/** Parameters: the run id, (SQLite only) the timestamp, then the items as a JSON array of tuples. */
export function itemInsertSql(target: DbTarget): string {
  const table = qualifiedTable(target, "RunItem");
  if (target.provider === "sqlite") {
    const field = (i: number) => `json_extract(value, '$[${i}]')`;
    return `INSERT INTO ${table} ${COLUMNS} SELECT ${field(0)}, ?, ${[1, 2, 3, 4, 5, 6, 7].map(field).join(", ")}, ? FROM json_each(?)`;
  }
  const field = (i: number, type = "") => `(e->>${i})${type}`;
  return (
    `INSERT INTO ${table} ${COLUMNS} SELECT ${field(0)}, $1, ${field(1, "::integer")}, ${field(2)}, ${field(3)}, ${field(4)}, ` +
    `${field(5)}, ${field(6, "::integer")}, ${field(7)}, (now() at time zone 'utc') FROM json_array_elements($2::json) AS e`
  );
}

export async function insertItems(executor: RawSqlExecutor, target: DbTarget, runId: string, items: NewItem[]): Promise<void> {
  if (items.length === 0) return;
  const tuples = JSON.stringify(
    items.map((i) => [randomUUID(), i.rowIndex, i.input, i.status, i.skipReason, i.output, i.batchNumber, i.cacheKey]),
  );
  const sql = itemInsertSql(target);
  if (target.provider === "sqlite") await executor.$executeRawUnsafe(sql, runId, sqliteTimestamp(new Date()), tuples);
  else await executor.$executeRawUnsafe(sql, runId, tuples);
}
