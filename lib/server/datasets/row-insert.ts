// Writing a batch of dataset rows with one raw INSERT: the batch travels as a single JSON array
// parameter that the database splits into rows (SQLite json_each, PostgreSQL json_array_elements).
// Prisma's createMany did ~20k rows/s; this does several times that, and one parameter per batch
// stays clear of SQLite's 32,766 and PostgreSQL's 65,535 bound-parameter limits at any batch size.
import "server-only";
import type { DbClient, DbTarget } from "@/lib/server/db";
import { qualifiedTable } from "@/lib/server/sql";

/** The part of a client or an interactive transaction this needs. */
export type RawSqlExecutor = Pick<DbClient, "$executeRawUnsafe">;

/**
 * The statement for `target`: parameters are the dataset id, the index of the batch's first row
 * and the batch as a JSON array of cell arrays. Each element is stored as its own JSON text.
 * PostgreSQL's table is qualified with the client's schema, as Prisma qualifies its own queries.
 */
export function rowInsertSql(target: DbTarget): string {
  const columns = `("datasetId", "index", "cells")`;
  if (target.provider === "sqlite") {
    return `INSERT INTO "DatasetRow" ${columns} SELECT ?, CAST(? AS INTEGER) + "key", "value" FROM json_each(?)`;
  }
  const table = qualifiedTable(target, "DatasetRow");
  // json, not jsonb: json keeps each element's text as sent, so the stored cells are JSON.stringify's.
  return (
    `INSERT INTO ${table} ${columns} SELECT $1, $2::integer + element.n::integer - 1, element.cells::text ` +
    `FROM json_array_elements($3::json) WITH ORDINALITY AS element(cells, n)`
  );
}

/** Stores rows firstIndex, firstIndex + 1, …; `rowsJson` is JSON.stringify of their cell arrays. */
export async function insertRowBatch(
  executor: RawSqlExecutor,
  sql: string,
  batch: { datasetId: string; firstIndex: number; rowsJson: string },
): Promise<void> {
  await executor.$executeRawUnsafe(sql, batch.datasetId, batch.firstIndex, batch.rowsJson);
}
