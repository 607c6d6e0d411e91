// How big an upload may be. The values are settings (lib/server/env.ts); the parser takes them as an
// argument so tests can use small ones.
import "server-only";
import { env } from "@/lib/server/env";

export interface CsvLimits {
  /** File size in bytes (413 past it). */
  maxBytes: number;
  /** Data rows, the header not counted. */
  maxRows: number;
  /** Columns in the header. */
  maxColumns: number;
  /** One cell's size in UTF-8 bytes. */
  maxCellBytes: number;
}

export const datasetLimits: CsvLimits = {
  maxBytes: env.DATASET_MAX_BYTES,
  maxRows: env.DATASET_MAX_ROWS,
  maxColumns: env.DATASET_MAX_COLUMNS,
  maxCellBytes: env.DATASET_MAX_CELL_BYTES,
};

/** The setting behind each limit, sent in error details so an operator knows what to raise. */
export const LIMIT_SETTINGS: Record<keyof CsvLimits, string> = {
  maxBytes: "DATASET_MAX_BYTES",
  maxRows: "DATASET_MAX_ROWS",
  maxColumns: "DATASET_MAX_COLUMNS",
  maxCellBytes: "DATASET_MAX_CELL_BYTES",
};
