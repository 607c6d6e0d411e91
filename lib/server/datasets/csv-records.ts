// One parse call over decoded text. papaparse reads it; where papaparse finds a malformed quote
// (text after a quoted field's closing quote, as in `1,=HYPERLINK("http://x","y")`), it searches
// on for another closing quote and swallows the rows after it, so that text is read again here the
// way Excel and Python's csv module read it: the quoted part, then the rest of the field as it is.
// One exception keeps a missing quote findable: a quoted part spanning lines and then followed by
// text is a quote that ran into the rows below, and is reported where it opens.
import "server-only";
import Papa from "papaparse";
import type { Dialect } from "@/lib/server/datasets/dialect";

export interface RecordError {
  code: string;
  /** Index into `data` of the record the error belongs to. */
  row: number;
  /** Position in the input just after the opening quote of the broken field. */
  index: number;
}

export interface ParsedRecords {
  data: string[][];
  errors: RecordError[];
  /** Where the first record not in `data` starts (the unfinished last one when not `final`). */
  meta: { cursor: number };
}

const QUOTE = '"';
const ESCAPED_QUOTE = /""/g;

/**
 * Records of `input`, which starts at a record. With `final` false the last, possibly unfinished
 * record is left out (the caller parses it again with more text); with `final` true an unclosed
 * quote is an error. `maxRecords` stops early, for sampling.
 */
export function parseRecords(input: string, dialect: Dialect, final: boolean, maxRecords = 0): ParsedRecords {
  const parser = new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.recordBreak, preview: maxRecords });
  const parsed: ParsedRecords = parser.parse(input, 0, !final);
  return parsed.errors.some((error) => error.code === "InvalidQuotes") ? readLeniently(input, dialect, final, maxRecords || Infinity) : parsed;
}

/** The lenient reading alone; parseRecords uses it only where papaparse finds a malformed quote. */
export function readLeniently(input: string, { delimiter, recordBreak }: Dialect, final: boolean, maxRecords: number): ParsedRecords {
  const data: string[][] = [];
  // Next delimiter and record break at or after a position, cached so that long stretches without
  // one (a one-column file) are scanned once, not once per field.
  const find = (text: string, from: number) => {
    const at = input.indexOf(text, from);
    return at === -1 ? input.length : at;
  };
  let delimiterAt = -1;
  let breakAt = -1;
  const nextStop = (from: number): number => {
    if (delimiterAt < from) delimiterAt = find(delimiter, from);
    if (breakAt < from) breakAt = find(recordBreak, from);
    return Math.min(delimiterAt, breakAt);
  };
  const done = (cursor: number, error?: RecordError): ParsedRecords => ({ data, errors: error ? [error] : [], meta: { cursor } });

  let recordStart = 0;
  while (data.length < maxRecords) {
    // papaparse gives a final line break an empty record of its own; the caller skips blank records.
    if (recordStart === input.length) {
      if (final && input.length > 0) data.push([""]);
      return done(recordStart);
    }
    const record: string[] = [];
    let position = recordStart;
    for (;;) {
      let value: string;
      let stop: number;
      if (input[position] === QUOTE) {
        const opened = position + 1;
        let close = input.indexOf(QUOTE, opened);
        while (close !== -1 && input[close + 1] === QUOTE) close = input.indexOf(QUOTE, close + 2);
        if (close === -1 || (close === input.length - 1 && !final)) {
          if (!final) return done(recordStart);
          data.push([...record, input.slice(opened).replace(ESCAPED_QUOTE, QUOTE)]);
          return done(input.length, { code: "MissingQuotes", row: data.length - 1, index: opened });
        }
        const quoted = input.slice(opened, close);
        stop = nextStop(close + 1);
        const after = input.slice(close + 1, stop);
        // Spaces (or a CRLF's CR) after the closing quote are dropped, as papaparse drops them.
        if (after.trim() !== "" && /[\r\n]/.test(quoted)) {
          data.push([...record, quoted]);
          return done(input.length, { code: "InvalidQuotes", row: data.length - 1, index: opened });
        }
        value = quoted.replace(ESCAPED_QUOTE, QUOTE) + (after.trim() === "" ? "" : after);
      } else {
        stop = nextStop(position);
        value = input.slice(position, stop);
      }
      record.push(value);
      if (stop === input.length) {
        if (!final) return done(recordStart);
        data.push(record);
        return done(input.length);
      }
      if (stop === delimiterAt) {
        position = stop + delimiter.length;
        continue;
      }
      data.push(record);
      recordStart = stop + recordBreak.length;
      break;
    }
  }
  return done(recordStart);
}
