// NUL bytes in a text file: a stray one is common in real exports (a mail client, a database dump)
// and means nothing, so it is removed and the rows are named; PostgreSQL could not store it anyway.
// Files that look binary are refused before parsing (encoding.ts).
import "server-only";
import { formatNumber, plural } from "@/lib/shared/format";

/** Rows named in the warning; the rest are counted. */
const ROWS_NAMED = 10;
const NUL = "\u0000";
const NULS = /\u0000/g;

const joinList = (items: string[]) => (items.length < 2 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`);

export class NulRemoval {
  private removed = 0;
  private inHeader = false;
  private rows = 0;
  private readonly named: string[] = [];

  /** Removes NULs from `record` in place. `row` is the 1-based data row, 0 for the header. */
  strip(record: string[], row: number): void {
    let found = false;
    for (let c = 0; c < record.length; c++) {
      const cell = record[c] ?? "";
      if (!cell.includes(NUL)) continue;
      const kept = cell.replace(NULS, "");
      this.removed += cell.length - kept.length;
      record[c] = kept;
      found = true;
    }
    if (!found) return;
    if (row === 0) {
      this.inHeader = true;
      return;
    }
    this.rows++;
    if (this.named.length < ROWS_NAMED) this.named.push(formatNumber(row));
  }

  /** "Removed 3 NUL bytes (…) from rows 12 and 40.", or null when there were none. */
  warning(): string | null {
    if (this.removed === 0) return null;
    const more = this.rows - this.named.length;
    const rows = more > 0 ? [...this.named, `${formatNumber(more)} more`] : this.named;
    const places = [...(this.inHeader ? ["the header"] : []), ...(this.rows > 0 ? [`${this.rows === 1 ? "row" : "rows"} ${joinList(rows)}`] : [])];
    const what = this.removed === 1 ? "an invisible control character" : "invisible control characters";
    return `Removed ${plural(this.removed, "NUL byte")} (${what}) from ${places.join(" and ")}.`;
  }
}
