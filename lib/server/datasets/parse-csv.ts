// Streaming CSV parse: decode → guess the dialect → papaparse over bounded chunks (csv-records.ts)
// → validate each record → hand data rows to `onRows` in batches. Memory holds one chunk and one
// batch, whatever the file size. Errors name the 1-based physical line of the file (multi-line
// quoted fields and CRLF accounted for) and the upload is refused; nothing is truncated.
import "server-only";
import type { AppError } from "@/lib/server/errors";
import { csvProblems } from "@/lib/server/datasets/csv-problems";
import { parseRecords, type ParsedRecords } from "@/lib/server/datasets/csv-records";
import { decodeChunks, detectEncoding, type TextEncodingName } from "@/lib/server/datasets/encoding";
import { detectDialect, type Delimiter, type Dialect } from "@/lib/server/datasets/dialect";
import { normalizeHeader } from "@/lib/server/datasets/header";
import type { CsvLimits } from "@/lib/server/datasets/limits";
import { NulRemoval } from "@/lib/server/datasets/nul-bytes";
import { scanOversizedRecord } from "@/lib/server/datasets/oversized-record";
import { formatNumber } from "@/lib/shared/format";

export interface CsvParseOptions {
  limits: CsvLimits;
  /** The user's choice; detected when absent. */
  delimiter?: Delimiter;
  encoding?: TextEncodingName;
  /** Most data rows per `onRows` call (fewer when the rows are large). */
  batchRows?: number;
  /** Receives data rows in file order, each aligned with the columns; `firstIndex` is the 0-based row index of rows[0]. */
  onRows: (rows: string[][], firstIndex: number) => Promise<void>;
}

export interface CsvParseResult {
  columns: string[];
  rowCount: number;
  delimiter: Delimiter;
  encoding: TextEncodingName;
  /** Visible notes on what was changed or guessed: renamed columns, the encoding fallback, skipped blank lines, removed NULs. */
  warnings: string[];
}

const DEFAULT_BATCH_ROWS = 1000;
/** A batch is also handed over once its cells hold this many characters, so wide rows stay bounded too. */
const BATCH_MAX_CHARS = 8 * 1024 * 1024;
/** Text the delimiter guess looks at. */
const DIALECT_SAMPLE_CHARS = 64 * 1024;
/**
 * Least new text per parse call; the parser re-reads an unfinished record, so calls must not be
 * tiny. Nor large: all of a call's output is live at once, and a 100k-row file parsed in ~75 ms
 * at 16K against ~95 ms at 256K.
 */
const MIN_PARSE_CHARS = 16 * 1024;

/** Physical line breaks: CRLF, LF or a lone CR each end one line, as editors count them. */
export function countLineBreaks(text: string, end = text.length): number {
  if (text.indexOf("\n") === -1 && text.indexOf("\r") === -1) return 0;
  let breaks = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a || (code === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) breaks++;
  }
  return breaks;
}

const isBlankRecord = (record: string[]) => record.length === 1 && (record[0] ?? "").trim() === "";

/** Validates records one by one, tracks physical lines, and batches data rows. */
class RecordSink {
  /** Line where the next record starts. */
  line = 1;
  columns: string[] | null = null;
  rowCount = 0;
  warnings: string[] = [];
  private blankLines = 0;
  private unreportedBlankLines = 0;
  private batch: string[][] = [];
  private batchChars = 0;
  private batchStart = 0;
  private readonly nuls = new NulRemoval();

  constructor(
    private readonly dialect: Dialect,
    private readonly options: CsvParseOptions,
    /** False when the bytes were scanned and hold no NUL: most files, spared a look at every cell. */
    private readonly mayHoldNul: boolean,
  ) {}

  /** Longest unfinished record worth waiting for: every cell at the limit, every quote doubled. */
  maxRecordChars(): number {
    const columns = this.columns?.length ?? this.options.limits.maxColumns;
    return columns * (2 * this.options.limits.maxCellBytes + 3) + 2;
  }

  /**
   * Takes one parse call's records. `input` is the text the call parsed, starting at `this.line`;
   * with `final` false its unfinished last record is not in `output` and its errors are ignored
   * (the record is parsed again with more text).
   */
  async take(output: ParsedRecords, input: string, final: boolean): Promise<void> {
    const inputLine = this.line;
    const broken = output.errors.filter((error) => final || error.row < output.data.length);
    const firstBroken = broken.reduce((first, error) => Math.min(first, error.row), Infinity);
    for (let i = 0; i < output.data.length; i++) {
      if (i === firstBroken) {
        const error = broken.find((candidate) => candidate.row === i);
        // The field's opening quote is the character before `index`.
        throw csvProblems.unclosedQuote(inputLine + countLineBreaks(input, (error?.index ?? 1) - 1));
      }
      const record = output.data[i];
      if (record) await this.takeRecord(record);
    }
  }

  private async takeRecord(record: string[]): Promise<void> {
    const line = this.line;
    // CRLF files are split on "\n" (see RecordBreak); their "\r" is the line ending, not data. A quoted
    // last field that itself ends in "\r" loses it too, a price paid for files mixing CRLF and LF.
    if (this.dialect.recordBreak === "\n") {
      const last = record.length - 1;
      const lastCell = record[last];
      if (lastCell !== undefined && lastCell.endsWith("\r")) record[last] = lastCell.slice(0, -1);
    }
    let spanned = 1;
    for (const cell of record) spanned += countLineBreaks(cell);
    this.line += spanned;

    if (isBlankRecord(record)) {
      this.unreportedBlankLines++;
      return;
    }
    // Blank lines count once a record follows them: the file's final line break is not one.
    this.blankLines += this.unreportedBlankLines;
    this.unreportedBlankLines = 0;

    const { limits } = this.options;
    const row = this.rowCount + 1;
    if (this.mayHoldNul) this.nuls.strip(record, this.columns ? row : 0);
    if (!this.columns) {
      if (record.length > limits.maxColumns) throw csvProblems.tooManyColumns(line, record.length, limits.maxColumns);
      const header = normalizeHeader(record);
      this.columns = header.columns;
      this.warnings.push(...header.warnings);
      return;
    }
    if (record.length !== this.columns.length) throw csvProblems.raggedRow(line, record.length, this.columns.length);
    for (let c = 0; c < record.length; c++) {
      const cell = record[c] ?? "";
      this.batchChars += cell.length;
      // A UTF-16 code unit is 1 to 3 UTF-8 bytes: only long cells need counting.
      if (cell.length * 3 > limits.maxCellBytes) {
        const bytes = Buffer.byteLength(cell, "utf8");
        if (bytes > limits.maxCellBytes) throw csvProblems.cellTooLarge(row, line, this.columns[c] ?? `column_${c + 1}`, bytes, limits.maxCellBytes);
      }
    }
    if (this.rowCount >= limits.maxRows) throw csvProblems.tooManyRows(line, limits.maxRows);
    this.rowCount++;
    this.batch.push(record);
    if (this.batch.length >= (this.options.batchRows ?? DEFAULT_BATCH_ROWS) || this.batchChars >= BATCH_MAX_CHARS) {
      await this.flush();
    }
  }

  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const rows = this.batch;
    this.batch = [];
    this.batchChars = 0;
    await this.options.onRows(rows, this.batchStart);
    this.batchStart += rows.length;
  }

  /**
   * The refusal for the record at the start of `pending` that outgrew what its columns could hold.
   * `rest` is the text after `pending`: the record is read to its end to find the real cell and size.
   */
  async oversizedRecord(pending: string, rest: AsyncIterable<string>): Promise<AppError> {
    const line = this.line;
    const { maxCellBytes } = this.options.limits;
    if (!this.columns) {
      // A header this long: parsing what there is as if the file ended names what it can.
      await this.take(parseRecords(pending, this.dialect, true), pending, true);
      return csvProblems.recordTooLarge(line, maxCellBytes);
    }
    async function* text() {
      yield pending;
      yield* rest;
    }
    const found = await scanOversizedRecord(text(), this.dialect, this.columns.length, maxCellBytes);
    switch (found.kind) {
      case "cell":
        return csvProblems.cellTooLarge(this.rowCount + 1, line, this.columns[found.column] ?? `column_${found.column + 1}`, found.bytes, maxCellBytes);
      case "unclosed":
        return csvProblems.unclosedQuote(line + found.linesBefore);
      case "fields":
        return csvProblems.raggedRow(line, found.count, this.columns.length);
      case "fits":
        return csvProblems.recordTooLarge(line, maxCellBytes);
    }
  }

  finish(): void {
    if (!this.columns) throw csvProblems.empty();
    if (this.rowCount === 0) throw csvProblems.headerOnly();
    if (this.blankLines > 0) this.warnings.push(`Skipped ${formatNumber(this.blankLines)} blank ${this.blankLines === 1 ? "line" : "lines"}.`);
    const nuls = this.nuls.warning();
    if (nuls) this.warnings.push(nuls);
  }
}

/**
 * Parses `file` and streams its data rows to `options.onRows`. Resolves with the columns and
 * counts once every row has been handed over; rejects with an AppError naming the line otherwise.
 */
export async function parseCsv(file: Blob, options: CsvParseOptions): Promise<CsvParseResult> {
  const { limits } = options;
  if (file.size > limits.maxBytes) throw csvProblems.tooLarge(limits.maxBytes, file.size);
  if (file.size === 0) throw csvProblems.empty();

  const encoding = await detectEncoding(file, options.encoding);
  const chunks = decodeChunks(file, encoding);
  let eof = false;
  // Decoded text not yet handed to the parser: chunks are cut so each call gets about what it asks for.
  let unread = "";
  const read = async (atLeast: number, parts: string[]): Promise<string> => {
    let added = 0;
    while (!eof && added < atLeast) {
      if (unread.length === 0) {
        const next = await chunks.next();
        if (next.done) eof = true;
        else unread = next.value;
        continue;
      }
      const piece = unread.slice(0, atLeast - added);
      unread = unread.slice(piece.length);
      parts.push(piece);
      added += piece.length;
    }
    return parts.join("");
  };

  // The text not yet read, for reading an oversized record to its end.
  async function* rest(): AsyncGenerator<string> {
    if (unread) yield unread;
    unread = "";
    yield* chunks;
  }

  let pending = await read(DIALECT_SAMPLE_CHARS, []);
  const dialect = detectDialect(pending, eof, options.delimiter);
  const sink = new RecordSink(dialect, options, encoding.mayHoldNul);

  for (;;) {
    const output = parseRecords(pending, dialect, eof);
    await sink.take(output, pending, eof);
    if (eof) break;
    pending = pending.slice(output.meta.cursor);
    if (pending.length > sink.maxRecordChars()) throw await sink.oversizedRecord(pending, rest());
    // Reading at least as much as is pending keeps re-reading a long record linear overall.
    pending = await read(Math.max(pending.length, MIN_PARSE_CHARS), [pending]);
  }
  await sink.flush();
  sink.finish();

  const warnings = [...sink.warnings];
  if (encoding.fallback) warnings.unshift("The file is not valid UTF-8; it was read as Windows-1252.");
  return {
    columns: sink.columns ?? [],
    rowCount: sink.rowCount,
    delimiter: dialect.delimiter,
    encoding: encoding.encoding,
    warnings,
  };
}
