// Storing an upload. The file streams through the parser once and its rows reach the database in
// one transaction, so a refused file stores nothing. When that transaction opens depends on the
// database behind the client:
// - PostgreSQL: first. Rows are inserted while the file parses, one batch in flight while the next
//   is parsed; a refusal rolls the transaction back. An interactive transaction has a pooled
//   connection of its own, so the rollback undoes the upload and nothing else.
// - SQLite: last. The better-sqlite3 adapter has one connection, and statements other code issues
//   while a transaction is open run inside it: rolling back a refused upload would silently undo
//   them too (a run being paused, say). So rows wait in a temporary file (row-spill.ts) until the
//   whole file is accepted, and the transaction only copies them in.
import "server-only";
import { db, dbTarget, type DbClient } from "@/lib/server/db";
import type { DatasetUploadResult } from "@/lib/shared/api-types";
import type { Delimiter } from "@/lib/server/datasets/dialect";
import type { TextEncodingName } from "@/lib/server/datasets/text-encodings";
import { datasetLimits, type CsvLimits } from "@/lib/server/datasets/limits";
import { OneInFlight } from "@/lib/server/datasets/one-in-flight";
import { parseCsv, type CsvParseOptions, type CsvParseResult } from "@/lib/server/datasets/parse-csv";
import { toDatasetSummary, WITH_CREATOR } from "@/lib/server/datasets/queries";
import { insertRowBatch, rowInsertSql } from "@/lib/server/datasets/row-insert";
import { RowSpill } from "@/lib/server/datasets/row-spill";

/** Rows per INSERT (fewer when rows are wide: parse-csv also caps a batch's characters). */
export const INSERT_CHUNK_ROWS = 2000;
/** A ceiling only: a 100 MB file takes seconds. */
const IMPORT_TIMEOUT_MS = 10 * 60_000;
/** How long to wait for another transaction to finish before starting. */
const IMPORT_MAX_WAIT_MS = 30_000;

export interface CreateDatasetInput {
  file: Blob;
  name: string;
  delimiter?: Delimiter;
  encoding?: TextEncodingName;
  /** The uploader (null for a dataset made outside a request). */
  createdById?: string | null;
}

export interface CreateDatasetDeps {
  client?: DbClient;
  limits?: CsvLimits;
}

type ParseSettings = Omit<CsvParseOptions, "onRows">;

export async function createDataset(input: CreateDatasetInput, deps: CreateDatasetDeps = {}): Promise<DatasetUploadResult> {
  const client = deps.client ?? db;
  const settings: ParseSettings = {
    limits: deps.limits ?? datasetLimits,
    delimiter: input.delimiter,
    encoding: input.encoding,
    batchRows: INSERT_CHUNK_ROWS,
  };
  return dbTarget(client).provider === "postgresql"
    ? storeWhileParsing(client, input, settings)
    : storeAfterParsing(client, input, settings);
}

function uploadResult(dataset: Parameters<typeof toDatasetSummary>[0], parsed: CsvParseResult): DatasetUploadResult {
  return { ...toDatasetSummary(dataset), warnings: parsed.warnings, delimiter: parsed.delimiter, encoding: parsed.encoding };
}

async function storeWhileParsing(client: DbClient, { file, name, createdById = null }: CreateDatasetInput, settings: ParseSettings): Promise<DatasetUploadResult> {
  const sql = rowInsertSql(dbTarget(client));
  return client.$transaction(
    async (tx) => {
      // Columns and count are known once the parse ends; nobody sees the row before the commit.
      const created = await tx.dataset.create({ data: { name, columns: "[]", rowCount: 0, createdById } });
      const inserts = new OneInFlight();
      let parsed: CsvParseResult;
      try {
        parsed = await parseCsv(file, {
          ...settings,
          onRows: async (rows, firstIndex) => {
            const rowsJson = JSON.stringify(rows);
            await inserts.start(() => insertRowBatch(tx, sql, { datasetId: created.id, firstIndex, rowsJson }));
          },
        });
        await inserts.finish();
      } catch (error) {
        await inserts.settled();
        throw error;
      }
      const dataset = await tx.dataset.update({
        where: { id: created.id },
        data: { columns: JSON.stringify(parsed.columns), rowCount: parsed.rowCount },
        include: WITH_CREATOR,
      });
      return uploadResult(dataset, parsed);
    },
    { timeout: IMPORT_TIMEOUT_MS, maxWait: IMPORT_MAX_WAIT_MS },
  );
}

async function storeAfterParsing(client: DbClient, { file, name, createdById = null }: CreateDatasetInput, settings: ParseSettings): Promise<DatasetUploadResult> {
  const sql = rowInsertSql(dbTarget(client));
  const spill = await RowSpill.create();
  try {
    const parsed = await parseCsv(file, { ...settings, onRows: (rows, firstIndex) => spill.write(firstIndex, rows) });
    return await client.$transaction(
      async (tx) => {
        const dataset = await tx.dataset.create({
          data: { name, columns: JSON.stringify(parsed.columns), rowCount: parsed.rowCount, createdById },
          include: WITH_CREATOR,
        });
        for await (const batch of spill.batches()) {
          await insertRowBatch(tx, sql, { datasetId: dataset.id, ...batch });
        }
        return uploadResult(dataset, parsed);
      },
      { timeout: IMPORT_TIMEOUT_MS, maxWait: IMPORT_MAX_WAIT_MS },
    );
  } finally {
    await spill.discard();
  }
}
