// Storing an upload: the file is validated in full first, then the dataset and all its rows are
// written in one transaction while the file streams through the parser a second time. A rejected
// file never opens a transaction; a database failure mid-way rolls everything back.
import { db, type DbClient } from "@/lib/db";
import type { DatasetUploadResult } from "@/lib/api-types";
import type { Delimiter } from "@/lib/datasets/dialect";
import type { TextEncodingName } from "@/lib/datasets/encoding";
import { datasetLimits, type CsvLimits } from "@/lib/datasets/limits";
import { parseCsv } from "@/lib/datasets/parse-csv";
import { toDatasetSummary } from "@/lib/datasets/queries";

/** Rows per INSERT: 3 bound parameters each, 3,000 in all, far below SQLite's 32,766 and PostgreSQL's 65,535. */
export const INSERT_CHUNK_ROWS = 1000;
/** The transaction lasts as long as the second parse and the inserts; this is only a ceiling. */
const IMPORT_TIMEOUT_MS = 10 * 60_000;
/** How long to wait for another transaction to finish before starting. */
const IMPORT_MAX_WAIT_MS = 30_000;

export interface CreateDatasetInput {
  file: Blob;
  name: string;
  delimiter?: Delimiter;
  encoding?: TextEncodingName;
}

export interface CreateDatasetDeps {
  client?: DbClient;
  limits?: CsvLimits;
}

export async function createDataset(input: CreateDatasetInput, deps: CreateDatasetDeps = {}): Promise<DatasetUploadResult> {
  const client = deps.client ?? db;
  const limits = deps.limits ?? datasetLimits;
  // Why validate before the transaction rather than roll back on error: the better-sqlite3
  // adapter has one connection, so statements other code issues while this transaction is open
  // run inside it and a rollback would silently undo them too. The parse is ~10x faster than
  // the inserts, so the extra pass costs little.
  const checked = await parseCsv(input.file, {
    limits,
    delimiter: input.delimiter,
    encoding: input.encoding,
    onRows: async () => {},
  });

  return client.$transaction(
    async (tx) => {
      const dataset = await tx.dataset.create({
        data: { name: input.name, columns: JSON.stringify(checked.columns), rowCount: checked.rowCount },
      });
      // The same bytes with the same encoding and delimiter give the same rows.
      const stored = await parseCsv(input.file, {
        limits,
        delimiter: checked.delimiter,
        encoding: checked.encoding,
        batchRows: INSERT_CHUNK_ROWS,
        onRows: async (rows, firstIndex) => {
          // createMany, not raw SQL: Prisma qualifies the table with the client's schema
          // (postgres://…?schema=), which an unqualified raw INSERT would miss.
          await tx.datasetRow.createMany({
            data: rows.map((cells, i) => ({ datasetId: dataset.id, index: firstIndex + i, cells: JSON.stringify(cells) })),
          });
        },
      });
      if (stored.rowCount !== checked.rowCount) {
        throw new Error(`Second parse of "${input.name}" gave ${stored.rowCount} rows, the first ${checked.rowCount}.`);
      }
      return { ...toDatasetSummary(dataset), warnings: checked.warnings, delimiter: checked.delimiter, encoding: checked.encoding };
    },
    { timeout: IMPORT_TIMEOUT_MS, maxWait: IMPORT_MAX_WAIT_MS },
  );
}
