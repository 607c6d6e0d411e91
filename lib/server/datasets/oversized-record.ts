// A record that outgrew the parse window (more text than its columns could hold) is read to its
// end here without keeping it, so the refusal names the real cell and its real size rather than
// whatever the cut-off window happened to look like. Quotes are read as csv-records.ts reads them.
import "server-only";
import type { Dialect } from "@/lib/server/datasets/dialect";

export type OversizedRecord =
  /** The first cell over the limit: 0-based column, UTF-8 bytes. */
  | { kind: "cell"; column: number; bytes: number }
  /** A quoted field that never closes, opening this many line breaks after the record's start. */
  | { kind: "unclosed"; linesBefore: number }
  /** More fields than the header has. */
  | { kind: "fields"; count: number }
  /** Nothing wrong was found (not expected: the caller then reports the record's size). */
  | { kind: "fits" };

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** UTF-8 bytes of one UTF-16 code unit: a surrogate pair is 4 bytes, counted on its first half. */
function utf8Bytes(code: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdbff) return 4;
  if (code >= 0xdc00 && code <= 0xdfff) return 0;
  return 3;
}

type State = "start" | "unquoted" | "quoted" | "quote" | "after";

/**
 * Reads the record at the start of `text` (continued by `more`) field by field, counting bytes,
 * until a cell passes `maxCellBytes` and ends, the record ends, or the text ends.
 */
export async function scanOversizedRecord(
  text: AsyncIterable<string>,
  { delimiter, recordBreak }: Dialect,
  columns: number,
  maxCellBytes: number,
): Promise<OversizedRecord> {
  const delimiterCode = delimiter.charCodeAt(0);
  const breakCode = recordBreak.charCodeAt(0);
  let state: State = "start";
  let column = 0;
  let bytes = 0;
  let lines = 0;
  let openedAtLine = 0;
  let quotedSpansLines = false;
  /** Bytes after a closing quote: dropped if only spaces follow, as the parser drops them. */
  let afterBytes = 0;
  let afterBlank = true;
  let previous = 0;

  const endField = (): OversizedRecord | null => {
    const total = bytes + (afterBlank ? 0 : afterBytes);
    if (total > maxCellBytes) return { kind: "cell", column, bytes: total };
    column++;
    bytes = 0;
    afterBytes = 0;
    afterBlank = true;
    state = "start";
    return null;
  };
  // Called after endField, so `column` is the number of fields read.
  const endRecord = (): OversizedRecord => (column > columns ? { kind: "fields", count: column } : { kind: "fits" });

  for await (const chunk of text) {
    for (let i = 0; i < chunk.length; i++) {
      const code = chunk.charCodeAt(i);
      const afterCr = previous === CR;
      // Physical lines as the parser counts them: CRLF, LF or a lone CR each end one.
      if (code === LF ? !afterCr : code === CR) lines++;
      previous = code;
      if (state === "quoted") {
        if (code === QUOTE) state = "quote";
        else {
          bytes += utf8Bytes(code);
          if (code === LF || code === CR) quotedSpansLines = true;
        }
        continue;
      }
      if (state === "quote") {
        // A doubled quote is one quote character; anything else closed the field.
        if (code === QUOTE) {
          bytes += 1;
          state = "quoted";
          continue;
        }
        state = "after";
      }
      if (code === delimiterCode || code === breakCode) {
        if (state === "after" && !afterBlank && quotedSpansLines) return { kind: "unclosed", linesBefore: openedAtLine };
        // A CRLF's CR ends the line, not the cell (the parser drops it too).
        if (code === LF && afterCr && state === "unquoted") bytes -= 1;
        const oversized = endField();
        if (oversized) return oversized;
        if (code === breakCode) return endRecord();
        continue;
      }
      if (state === "start" && code === QUOTE) {
        state = "quoted";
        openedAtLine = lines;
        quotedSpansLines = false;
        continue;
      }
      if (state === "after") {
        afterBytes += utf8Bytes(code);
        if (code !== 0x20 && code !== 0x09 && code !== CR) afterBlank = false;
        continue;
      }
      state = "unquoted";
      bytes += utf8Bytes(code);
    }
  }
  if (state === "quoted") return { kind: "unclosed", linesBefore: openedAtLine };
  return endField() ?? endRecord();
}
