// How big an upload may be. The values are settings (lib/env.ts); the parser takes them as an
// argument so tests can use small ones.
import { env } from "@/lib/env";

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

const BYTE_UNITS = ["bytes", "KB", "MB", "GB"] as const;

/** "512 bytes", "100 KB", "1.5 MB": binary units, as file managers show sizes. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const rounded = unit === 0 || value >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${rounded} ${BYTE_UNITS[unit]}`;
}
