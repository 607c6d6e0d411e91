// Every way an upload can be refused, worded once. Messages name the problem and where it is
// (a 1-based physical line of the file, a column); details repeat it for scripts and the UI.
import "server-only";
import { AppError } from "@/lib/server/errors";
import { formatNumber } from "@/lib/shared/format";
import { LIMIT_SETTINGS, type CsvLimits } from "@/lib/server/datasets/limits";
import { formatBytes } from "@/lib/shared/format";

const FILE_FIELD = "file";

const unprocessable = (message: string, details: Record<string, unknown> = {}) =>
  new AppError("unprocessable", message, { field: FILE_FIELD, ...details });

const overLimit = (limit: keyof CsvLimits, max: number, message: string, details: Record<string, unknown> = {}) =>
  unprocessable(message, { limit: LIMIT_SETTINGS[limit], max, ...details });

export const csvProblems = {
  empty: () => unprocessable("The file is empty."),

  headerOnly: () => unprocessable("The file has a header but no data rows."),

  notText: (nulAt?: number) =>
    unprocessable(
      nulAt === undefined
        ? "This is not a text file: it is mostly control bytes. Upload a CSV file."
        : `This is not a text file: it contains NUL bytes (the first at byte ${formatNumber(nulAt)}). Upload a CSV file.`,
    ),

  mostlyNul: (maxShare: number) =>
    unprocessable(`This is not a text file: more than ${maxShare * 100} % of its bytes are NUL. Upload a CSV file.`),

  spreadsheetArchive: () =>
    unprocessable("This is a ZIP archive, such as an Excel workbook (.xlsx), not a CSV file. Save it as CSV and upload that."),

  invalidEncoding: (encoding: string, byte: number) =>
    unprocessable(`The file is not valid ${encoding.toUpperCase()} (near byte ${formatNumber(byte)}). Choose another encoding.`, {
      field: "encoding",
    }),

  unclosedQuote: (line: number) => unprocessable(`Line ${line}: a quoted field starts here and never closes.`, { line }),

  raggedRow: (line: number, fields: number, expected: number) =>
    unprocessable(`Line ${line} has ${fields} ${fields === 1 ? "field" : "fields"}; the header has ${expected}.`, {
      line,
      fields,
      expected,
    }),

  /** `bytes` is unknown when a body without a usable Content-Length was cut off at the limit. */
  tooLarge: (max: number, bytes?: number) =>
    new AppError(
      "payload_too_large",
      bytes === undefined
        ? `The upload is larger than the ${formatBytes(max)} limit.`
        : `The file is ${formatBytes(bytes)}; the limit is ${formatBytes(max)}.`,
      {
        field: FILE_FIELD,
        limit: LIMIT_SETTINGS.maxBytes,
        max,
      },
    ),

  tooManyRows: (line: number, max: number) =>
    overLimit("maxRows", max, `Line ${line}: the file has more than ${formatNumber(max)} data rows, the limit.`, { line }),

  tooManyColumns: (line: number, columns: number, max: number) =>
    overLimit("maxColumns", max, `Line ${line}: the header has ${formatNumber(columns)} columns; the limit is ${formatNumber(max)}.`, {
      line,
    }),

  /** `row` is the 1-based data row, `line` the physical line where it starts. */
  cellTooLarge: (row: number, line: number, column: string, bytes: number, max: number) =>
    overLimit(
      "maxCellBytes",
      max,
      `Row ${row} (line ${line}), column "${column}": the cell is ${formatBytes(bytes)}; the limit is ${formatBytes(max)} (${LIMIT_SETTINGS.maxCellBytes}).`,
      { row, line, column, bytes },
    ),

  /** A record that grows past what its columns could hold: a quote that never closes, or one huge cell. */
  recordTooLarge: (line: number, maxCellBytes: number) =>
    overLimit(
      "maxCellBytes",
      maxCellBytes,
      `Line ${line}: the row starting here runs past the ${formatBytes(maxCellBytes)} cell limit; a quoted field may never close.`,
      { line },
    ),
};
