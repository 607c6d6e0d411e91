// Storing an upload: the dataset and all its rows are written in one transaction while the file
// streams through the parser, so a file rejected at any line leaves nothing behind.
import { db, type DbClient } from "@/lib/db";
import type { DatasetUploadResult } from "@/lib/api-types";
import type { Delimiter } from "@/lib/datasets/dialect";
import type { TextEncodingName } from "@/lib/datasets/encoding";
import { datasetLimits, type CsvLimits } from "@/lib/datasets/limits";
import { parseCsv } from "@/lib/datasets/parse-csv";
import { toDatasetSummary } from "@/lib/datasets/queries";

/** Rows per INSERT: 3 bound parameters each, 3,000 in all, far below SQLite's 32,766 and PostgreSQL's 65,535. */
export const INSERT_CHUNK_ROWS = 1000;
/** The transaction lasts as long as the parse; a 100 MB file needs far less than this ceiling. */
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
  return client.$transaction(
    async (tx) => {
      // Columns and row count are known only at the end; the rows need the dataset's id now.
      const { id } = await tx.dataset.create({ data: { name: input.name, columns: "[]", rowCount: 0 }, select: { id: true } });
      const parsed = await parseCsv(input.file, {
        limits: deps.limits ?? datasetLimits,
        delimiter: input.delimiter,
        encoding: input.encoding,
        batchRows: INSERT_CHUNK_ROWS,
        onRows: async (rows, firstIndex) => {
          // createMany, not raw SQL: Prisma qualifies the table with the client's schema
          // (postgres://…?schema=), which an unqualified raw INSERT would miss.
          await tx.datasetRow.createMany({
            data: rows.map((cells, i) => ({ datasetId: id, index: firstIndex + i, cells: JSON.stringify(cells) })),
          });
        },
      });
      const dataset = await tx.dataset.update({
        where: { id },
        data: { columns: JSON.stringify(parsed.columns), rowCount: parsed.rowCount },
      });
      return { ...toDatasetSummary(dataset), warnings: parsed.warnings, delimiter: parsed.delimiter, encoding: parsed.encoding };
    },
    { timeout: IMPORT_TIMEOUT_MS, maxWait: IMPORT_MAX_WAIT_MS },
  );
}
