// The delimiter and line ending of a CSV, guessed from the start of its text.
import "server-only";
import { parseRecords } from "@/lib/server/datasets/csv-records";

export const DELIMITERS = [",", ";", "\t", "|"] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/**
 * What the parser splits records on. CRLF files are parsed on "\n" and the trailing "\r" is
 * removed from each record, so a file that mixes CRLF and LF lines still parses record by record.
 */
export type RecordBreak = "\n" | "\r";

export interface Dialect {
  delimiter: Delimiter;
  recordBreak: RecordBreak;
}

/** Records compared when guessing the delimiter: enough to see a pattern, cheap to parse 4 times. */
const GUESS_RECORDS = 50;

/** "\r" only for old Mac files, where a CR not followed by LF ends the first record. */
export function detectRecordBreak(sample: string): RecordBreak {
  let inQuotes = false;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code === 0x22) inQuotes = !inQuotes; // a doubled quote toggles twice: still right
    else if (!inQuotes && code === 0x0a) return "\n";
    else if (!inQuotes && code === 0x0d) return sample.charCodeAt(i + 1) === 0x0a || i + 1 === sample.length ? "\n" : "\r";
  }
  return "\n";
}

const isBlank = (record: string[]) => record.length === 1 && (record[0] ?? "").trim() === "";

/**
 * Parses the sample with each candidate and keeps the one whose records agree with the header's
 * field count most often; ties go to more fields, then to the order of DELIMITERS. A header of one
 * field under every candidate means a one-column file: "," then.
 */
export function detectDelimiter(sample: string, complete: boolean, recordBreak: RecordBreak): Delimiter {
  let best: { delimiter: Delimiter; score: number; fields: number } = { delimiter: ",", score: -1, fields: 1 };
  for (const delimiter of DELIMITERS) {
    const records = sampleRecords(sample, complete, delimiter, recordBreak);
    const [header, ...rows] = records;
    if (!header || header.length < 2) continue;
    const score = rows.length === 0 ? 0 : rows.filter((row) => row.length === header.length).length / rows.length;
    if (score > best.score || (score === best.score && header.length > best.fields)) {
      best = { delimiter, score, fields: header.length };
    }
  }
  return best.delimiter;
}

function sampleRecords(sample: string, complete: boolean, delimiter: Delimiter, recordBreak: RecordBreak): string[][] {
  const parse = (wholeSample: boolean): string[][] => {
    // Read as the file will be, so a malformed quote in the sample does not skew the guess.
    const output = parseRecords(sample, { delimiter, recordBreak }, wholeSample, GUESS_RECORDS);
    return output.data.filter((record) => !isBlank(record));
  };
  const records = parse(complete);
  // A first record longer than the sample: judge by what there is.
  return records.length > 0 ? records : parse(true);
}

export function detectDialect(sample: string, complete: boolean, forcedDelimiter?: Delimiter): Dialect {
  const recordBreak = detectRecordBreak(sample);
  return { delimiter: forcedDelimiter ?? detectDelimiter(sample, complete, recordBreak), recordBreak };
}
