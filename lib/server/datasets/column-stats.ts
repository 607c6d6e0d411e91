// A one-pass profile of a dataset's columns (type, empties, distinct values, a sample, longest
// value), fed rows a page at a time so memory stays bounded whatever the row count.
//
// Type inference: a column gets a type only when EVERY non-empty value fits it; one misfit makes it
// "text". Values are trimmed before testing. When several types fit, the first of this order wins:
//   boolean  true, false, yes, no (any case)
//   integer  optional sign and digits, no leading zero ("007" and "02134" are codes: text)
//   number   an integer or a decimal, optional exponent ("3.5", "-.5", "1e6"); same leading-zero rule
//   date     ISO 8601 date or date-time ("2024-01-31", "2024-01-31T09:30:00Z"), or with slashes
//            "2024/01/31", "31/01/2024", "01/31/2024"; the day must exist in the month
//   email    something@domain.tld with no spaces
//   url      starting with http://, https:// or www., no spaces
//   text     anything else; "empty" when a column has no non-empty value at all
// Empty: a missing cell, "" or only whitespace.
import "server-only";
import type { ColumnProfile, ColumnType } from "@/lib/shared/api-types";

/** Distinct values are counted exactly up to this many per column; past it counting stops ("more than"). */
export const DISTINCT_EXACT_LIMIT = 100_000;
/** Values this long or shorter are kept as they are for the distinct count; longer ones as a 53-bit hash. */
const DISTINCT_VERBATIM_MAX_CHARS = 64;
/** The sample value is cut to this many characters. */
export const SAMPLE_MAX_CHARS = 200;

const BOOLEAN = /^(?:true|false|yes|no)$/i;
const INTEGER = /^[+-]?(?:0|[1-9]\d*)$/;
const NUMBER = /^[+-]?(?:(?:0|[1-9]\d*)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const YEAR_FIRST_SLASH_DATE = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;
const YEAR_LAST_SLASH_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;
const URL_LIKE = /^(?:https?:\/\/|www\.)\S+$/i;

function isDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one.
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isDate(value: string): boolean {
  const iso = ISO_DATE.exec(value);
  if (iso) {
    const [, y, m, d, hh, mm, ss] = iso;
    if (!isDay(Number(y), Number(m), Number(d))) return false;
    if (hh !== undefined && (Number(hh) > 23 || Number(mm) > 59)) return false;
    return ss === undefined || Number(ss) <= 59;
  }
  const yearFirst = YEAR_FIRST_SLASH_DATE.exec(value);
  if (yearFirst) return isDay(Number(yearFirst[1]), Number(yearFirst[2]), Number(yearFirst[3]));
  const yearLast = YEAR_LAST_SLASH_DATE.exec(value);
  if (yearLast) {
    const [a, b, year] = [Number(yearLast[1]), Number(yearLast[2]), Number(yearLast[3])];
    // Day-first or month-first: either reading of the two numbers will do.
    return isDay(year, b, a) || isDay(year, a, b);
  }
  return false;
}

/** In precedence order: the first type still fitting every value is the column's type. */
const TYPE_TESTS: readonly { type: Exclude<ColumnType, "text" | "empty">; fits: (value: string) => boolean }[] = [
  { type: "boolean", fits: (v) => BOOLEAN.test(v) },
  { type: "integer", fits: (v) => INTEGER.test(v) },
  { type: "number", fits: (v) => NUMBER.test(v) },
  { type: "date", fits: isDate },
  { type: "email", fits: (v) => EMAIL.test(v) },
  { type: "url", fits: (v) => URL_LIKE.test(v) },
];
const ALL_TYPES = (1 << TYPE_TESTS.length) - 1;

/** The type of one value under the rules above; "empty" for a blank one. */
export function inferValueType(value: string): ColumnType {
  const trimmed = value.trim();
  if (trimmed === "") return "empty";
  return TYPE_TESTS.find((test) => test.fits(trimmed))?.type ?? "text";
}

/** Whether the character at `i` is one String.prototype.trim removes (ASCII space or control, or Unicode space). */
function isSpaceAt(value: string, i: number): boolean {
  const code = value.charCodeAt(i);
  return code <= 0x20 || (code >= 0x7f && /\s/.test(value.charAt(i)));
}

/** cyrb53: a fast, well-spread 53-bit string hash; collisions among 100k values are ~1 in 10^6. */
function hash53(value: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

interface ColumnAccumulator {
  empty: number;
  /** Bit i set: every non-empty value so far fits TYPE_TESTS[i]. */
  candidates: number;
  nonEmpty: number;
  distinct: Set<string | number>;
  distinctCapped: boolean;
  sample: string | null;
  maxLength: number;
}

export interface ColumnProfiler {
  /** Adds one row's cells, aligned with the columns; missing cells count as empty. */
  addRow(cells: readonly string[]): void;
  /** The profile of every row added so far. */
  result(): ColumnProfile[];
}

export function createColumnProfiler(columns: readonly string[], distinctLimit = DISTINCT_EXACT_LIMIT): ColumnProfiler {
  const accumulators: ColumnAccumulator[] = columns.map(() => ({
    empty: 0,
    candidates: ALL_TYPES,
    nonEmpty: 0,
    distinct: new Set(),
    distinctCapped: false,
    sample: null,
    maxLength: 0,
  }));

  function addValue(column: ColumnAccumulator, value: string): void {
    if (value.length > column.maxLength) column.maxLength = value.length;
    // Most values have no space at either end: trimming them would only copy them.
    const trimmed = isSpaceAt(value, 0) || isSpaceAt(value, value.length - 1) ? value.trim() : value;
    if (trimmed === "") {
      column.empty++;
      return;
    }
    column.nonEmpty++;
    column.sample ??= value.length > SAMPLE_MAX_CHARS ? `${value.slice(0, SAMPLE_MAX_CHARS - 1)}…` : value;
    // Once only text is left (the usual case for prose), no value is tested again.
    if (column.candidates !== 0) {
      for (let i = 0; i < TYPE_TESTS.length; i++) {
        const test = TYPE_TESTS[i];
        if (test && column.candidates & (1 << i) && !test.fits(trimmed)) column.candidates &= ~(1 << i);
      }
    }
    if (!column.distinctCapped) {
      const key = value.length <= DISTINCT_VERBATIM_MAX_CHARS ? value : hash53(value);
      // Full: a value not seen yet means there are more than the limit; counting stops there.
      if (column.distinct.size < distinctLimit || column.distinct.has(key)) column.distinct.add(key);
      else column.distinctCapped = true;
    }
  }

  return {
    addRow(cells) {
      for (let i = 0; i < accumulators.length; i++) {
        const column = accumulators[i];
        if (column) addValue(column, cells[i] ?? "");
      }
    },
    result() {
      return accumulators.map((column, i) => ({
        name: columns[i] ?? "",
        type: columnType(column),
        empty: column.empty,
        distinct: column.distinct.size,
        distinctExact: !column.distinctCapped,
        sample: column.sample,
        maxLength: column.maxLength,
      }));
    },
  };
}

function columnType(column: ColumnAccumulator): ColumnType {
  if (column.nonEmpty === 0) return "empty";
  return TYPE_TESTS.find((_, i) => column.candidates & (1 << i))?.type ?? "text";
}
