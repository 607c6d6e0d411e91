// The lenient reader that takes over from papaparse where a quote is malformed: on well-formed
// text it must read exactly what papaparse reads, whole or cut anywhere, or the two would disagree
// about a file depending on where its read chunks happen to fall.
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { parseRecords, readLeniently } from "@/lib/server/datasets/csv-records";
import type { Dialect } from "@/lib/server/datasets/dialect";

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

const PIECES = ["a", "b c", "é", "😀", " ", ",", ";", '"', "\n", "\r\n", "\r", "1.5", "-2"];

function wellFormedCsv(next: () => number, dialect: Dialect): string {
  const field = () => {
    const text = Array.from({ length: Math.floor(next() * 4) }, () => PIECES[Math.floor(next() * PIECES.length)]).join("");
    const needsQuotes = /["\r\n]/.test(text) || text.includes(dialect.delimiter) || next() < 0.2;
    return needsQuotes ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const records = Array.from({ length: 1 + Math.floor(next() * 6) }, () =>
    Array.from({ length: 1 + Math.floor(next() * 4) }, field).join(dialect.delimiter),
  );
  return records.join(dialect.recordBreak) + (next() < 0.5 ? dialect.recordBreak : "");
}

const papaparse = (input: string, dialect: Dialect, final: boolean) =>
  new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.recordBreak }).parse(input, 0, !final) as {
    data: string[][];
    meta: { cursor: number };
  };

describe("readLeniently", () => {
  it("reads well-formed text exactly as papaparse does, whole and cut at every point", () => {
    const next = random(7);
    const dialects: Dialect[] = [
      { delimiter: ",", recordBreak: "\n" },
      { delimiter: ";", recordBreak: "\n" },
      { delimiter: "\t", recordBreak: "\r" },
    ];
    for (let sample = 0; sample < 300; sample++) {
      const dialect = dialects[sample % dialects.length] as Dialect;
      const text = wellFormedCsv(next, dialect);
      for (let cut = 0; cut <= text.length; cut++) {
        const input = text.slice(0, cut);
        const final = cut === text.length;
        const expected = papaparse(input, dialect, final);
        const got = readLeniently(input, dialect, final, Infinity);
        expect({ data: got.data, cursor: got.meta.cursor, errors: got.errors }, JSON.stringify({ input, final })).toEqual({
          data: expected.data,
          cursor: expected.meta.cursor,
          errors: [],
        });
      }
    }
  });

  it("takes over only where papaparse finds a malformed quote", () => {
    const comma: Dialect = { delimiter: ",", recordBreak: "\n" };
    expect(parseRecords('1,"y")\n2,"z"\n', comma, true).data).toEqual([["1", "y)"], ["2", "z"], [""]]);
    expect(parseRecords('1,"a"  ,b\n', comma, true).data).toEqual([["1", "a", "b"], [""]]);
  });

  it("stops after maxRecords, as papaparse's preview does", () => {
    const comma: Dialect = { delimiter: ",", recordBreak: "\n" };
    const output = parseRecords('1,"y")\n2,b\n3,c\n', comma, true, 2);
    expect(output.data).toEqual([["1", "y)"], ["2", "b"]]);
    expect(output.meta.cursor).toBe(11);
  });
});
