// The CSV export's formula rule (OWASP CSV injection): what counts as a formula, and how
// papaparse writes such a cell with it.
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { FORMULA_CELL, isFormulaCell } from "@/lib/server/csv-safe-cell";

describe("isFormulaCell", () => {
  it.each([
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "\t=1",
    "\r=1",
    "=1+1\nsecond line",
    "-",
    "+",
    "=",
    "-1e",
    "-0x10",
    "-2.5 ",
    "--2",
  ])("treats %j as a formula", (cell) => {
    expect(isFormulaCell(cell)).toBe(true);
  });

  it.each(["-2.5", "-3", "+1", "-.5", "-5.", "+1e5", "-1.5E-3", "2.5", "plain", "", " =1", "a=1", "'=1", "0"])(
    "leaves %j alone",
    (cell) => {
      expect(isFormulaCell(cell)).toBe(false);
    },
  );

  it("a number followed by a line break is not a plain number", () => {
    expect(isFormulaCell("-2\n=1+1")).toBe(true);
  });
});

describe("papaparse with FORMULA_CELL", () => {
  const unparse = (cells: unknown[]) => Papa.unparse([cells], { escapeFormulae: FORMULA_CELL, newline: "\r\n" });

  it("prefixes a formula with a quote and quotes the field, escaping its own quotes", () => {
    expect(unparse(['=HYPERLINK("http://x","y")', "@SUM(1)", "-2+3"])).toBe(`"'=HYPERLINK(""http://x"",""y"")","'@SUM(1)","'-2+3"`);
  });

  it("writes numbers, signed or not, as they are", () => {
    expect(unparse(["-2.5", "+1", -3, 0.25, "plain"])).toBe("-2.5,+1,-3,0.25,plain");
  });

  it("round-trips: reading the export gives the neutralised text back", () => {
    const cells = ["\t=1", "\r\n=1", "=1\n2", "+cmd|' /C calc'!A0"];
    expect(Papa.parse<string[]>(unparse(cells)).data[0]).toEqual(cells.map((cell) => `'${cell}`));
  });
});
