// Cells a spreadsheet would run as a formula when it opens an exported CSV (OWASP "CSV Injection"):
// a cell starting with =, +, -, @, tab or carriage return. papaparse's `escapeFormulae` prefixes a
// matching cell with ' and quotes it; its own pattern is not used because it also prefixes
// numbers such as -2.5 (no longer numbers to the spreadsheet) and misses a formula followed by a
// line break ("=1+1\n…": its `.*$` cannot cross the break).
import "server-only";

/** A cell that is entirely a number, signed or not, is a value, not a formula: left as it is. */
const PLAIN_NUMBER = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$`;

/** For papaparse's `escapeFormulae`; without the g flag, so `test` keeps no state between cells. */
export const FORMULA_CELL = new RegExp(String.raw`^(?!${PLAIN_NUMBER})[=+\-@\t\r]`);

export function isFormulaCell(cell: string): boolean {
  return FORMULA_CELL.test(cell);
}
