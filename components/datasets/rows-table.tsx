"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from "react";
import { Highlight } from "@/components/datasets/highlight";
import type { DatasetRow } from "@/components/datasets/row-detail-dialog";
import type { ColumnProfile } from "@/lib/shared/api-types";
import { useDatasetRowPages } from "@/lib/client/queries";
import { formatNumber } from "@/lib/shared/format";
import { cn } from "@/lib/client/cn";

/** Rows per request: one request fills a tall screen several times over. */
export const ROWS_PER_PAGE = 200;
/** Every row is one line high, so positions are computed, never measured. */
const ROW_HEIGHT_PX = 36;
const OVERSCAN_ROWS = 10;
/** Pages are fetched this many rows before they scroll into view. */
const PREFETCH_ROWS = 60;
const CHAR_WIDTH_PX = 7.5;
const CELL_PADDING_PX = 26;
const COLUMN_MIN_PX = 80;
const COLUMN_MAX_PX = 320;
/** Columns whose longest value is unknown yet are sized as if it had this many characters. */
const UNKNOWN_LENGTH_CHARS = 18;
/** The hover title of a cut cell stops here; the row dialog shows all of it. */
const TITLE_MAX_CHARS = 1000;

function columnWidth(name: string, profile: ColumnProfile | undefined): number {
  const chars = Math.max(name.length + 2, Math.min(profile?.maxLength ?? UNKNOWN_LENGTH_CHARS, 40));
  return Math.min(COLUMN_MAX_PX, Math.max(COLUMN_MIN_PX, Math.round(chars * CHAR_WIDTH_PX + CELL_PADDING_PX)));
}

function pageRange(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

export interface RowsTableProps {
  datasetId: string;
  columns: readonly string[];
  /** From the column profile, to size the columns; optional. */
  profiles: readonly ColumnProfile[] | undefined;
  query: string;
  /** Rows matching `query` (all rows without one). */
  total: number;
  onOpenRow: (row: DatasetRow) => void;
}

/**
 * All rows matching `query` in one scrolling table: only the rows in view are in the DOM, and
 * their pages are fetched once scrolling pauses (pages already loaded show at once).
 */
export function RowsTable({ datasetId, columns, profiles, query, total, onOpenRow }: RowsTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT_PX,
    overscan: OVERSCAN_ROWS,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items.at(-1)?.index ?? 0;

  const firstPage = Math.floor(Math.max(0, firstIndex - PREFETCH_ROWS) / ROWS_PER_PAGE);
  const lastPage = Math.floor(Math.min(Math.max(total - 1, 0), lastIndex + PREFETCH_ROWS) / ROWS_PER_PAGE);
  const pages = pageRange(firstPage, lastPage);
  // While the scrollbar is dragged, pages flown past are not requested at all.
  const results = useDatasetRowPages(
    datasetId,
    query,
    pages.map((page) => ({ page, enabled: !virtualizer.isScrolling })),
    ROWS_PER_PAGE,
  );
  const rowAt = (index: number): DatasetRow | undefined => {
    const page = Math.floor(index / ROWS_PER_PAGE);
    return results[page - firstPage]?.data?.rows[index - page * ROWS_PER_PAGE];
  };

  // Roving focus: one row is in the tab order; arrows move between rows, scrolling as needed.
  const [activeIndex, setActiveIndex] = useState(0);
  const pendingFocus = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (pendingFocus.current === null) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${pendingFocus.current}"]`);
    if (row) {
      row.focus({ preventScroll: true });
      pendingFocus.current = null;
    }
  });
  const tabbableIndex = items.some((item) => item.index === activeIndex) ? activeIndex : firstIndex;

  function moveFocus(index: number) {
    const target = Math.min(Math.max(index, 0), total - 1);
    setActiveIndex(target);
    pendingFocus.current = target;
    virtualizer.scrollToIndex(target, { align: "auto" });
  }

  // Handlers sit on the body, not on each row, so rows can skip re-rendering while scrolling.
  const rowIndexOf = (target: EventTarget): number | null => {
    const row = (target as HTMLElement).closest?.("tr[data-index]");
    return row ? Number(row.getAttribute("data-index")) : null;
  };

  function onBodyKeyDown(event: KeyboardEvent<HTMLTableSectionElement>) {
    const index = rowIndexOf(event.target);
    if (index === null) return;
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / ROW_HEIGHT_PX) - 2);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + pageRows,
      PageUp: index - pageRows,
      Home: 0,
      End: total - 1,
    };
    const next = moves[event.key];
    if (next !== undefined) {
      event.preventDefault();
      moveFocus(next);
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      const row = rowAt(index);
      if (row) onOpenRow(row);
    }
  }

  function onBodyClick(event: MouseEvent<HTMLTableSectionElement>) {
    const index = rowIndexOf(event.target);
    const row = index === null ? undefined : rowAt(index);
    if (row) onOpenRow(row);
  }

  const profileByName = new Map(profiles?.map((profile) => [profile.name, profile]));
  const widths = columns.map((column) => columnWidth(column, profileByName.get(column)));
  const numberWidth = Math.max(56, String(total).length * 8 + 28);
  const tableWidth = numberWidth + widths.reduce((sum, width) => sum + width, 0);
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0;
  return (
    <div
      ref={scrollRef}
      className="relative h-[min(65vh,640px)] overflow-auto overscroll-contain rounded-md border"
      data-testid="rows-scroller"
    >
      <table
        data-testid="rows-table"
        aria-rowcount={total + 1}
        aria-colcount={columns.length + 1}
        className="min-w-full table-fixed border-separate border-spacing-0 text-sm"
        style={{ width: tableWidth }}
      >
        <colgroup>
          <col style={{ width: numberWidth }} />
          {widths.map((width, i) => (
            <col key={i} style={{ width }} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col" className="sticky left-0 top-0 z-20 h-9 border-b bg-muted px-3 text-right text-xs font-medium text-muted-foreground">
              #
            </th>
            {columns.map((column) => (
              <th
                key={column}
                scope="col"
                title={column}
                className="sticky top-0 z-10 h-9 truncate border-b bg-muted px-3 text-left font-mono text-xs font-medium text-muted-foreground"
              >
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody
          onKeyDown={onBodyKeyDown}
          onClick={onBodyClick}
          onFocus={(event) => {
            const index = rowIndexOf(event.target);
            if (index !== null) setActiveIndex(index);
          }}
        >
          {paddingTop > 0 ? (
            <tr aria-hidden style={{ height: paddingTop }}>
              <td colSpan={columns.length + 1} />
            </tr>
          ) : null}
          {items.map((item) => (
            <DataRow
              key={item.key}
              index={item.index}
              row={rowAt(item.index)}
              columns={columns}
              query={query}
              tabbable={item.index === tabbableIndex}
            />
          ))}
          {paddingBottom > 0 ? (
            <tr aria-hidden style={{ height: paddingBottom }}>
              <td colSpan={columns.length + 1} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

const CELL_CLASS = "h-9 border-b px-3 py-0 align-middle group-hover:bg-muted group-focus-visible:bg-accent";

interface DataRowProps {
  index: number;
  /** Undefined while its page loads. */
  row: DatasetRow | undefined;
  columns: readonly string[];
  query: string;
  tabbable: boolean;
}

/** One line per row; memoized, so a scroll renders only the rows that come into view. */
const DataRow = memo(function DataRow({ index, row, columns, query, tabbable }: DataRowProps) {
  return (
    <tr
      data-index={index}
      aria-rowindex={index + 2}
      aria-haspopup="dialog"
      aria-busy={row ? undefined : true}
      tabIndex={tabbable ? 0 : -1}
      className="group cursor-pointer outline-none"
      style={{ height: ROW_HEIGHT_PX }}
    >
      <td
        className={cn(
          CELL_CLASS,
          "sticky left-0 z-[1] bg-card text-right text-xs tabular-nums text-muted-foreground group-focus-visible:shadow-[inset_3px_0_0_var(--color-ring)]",
        )}
      >
        {/* A search result's place in the file is known once its page arrives. */}
        {row ? formatNumber(row.index + 1) : query ? "" : formatNumber(index + 1)}
      </td>
      {columns.map((column) => {
        // A still bar, not a pulsing skeleton: hundreds of animations would make scrolling stutter.
        if (!row) {
          return (
            <td key={column} className={CELL_CLASS}>
              <div className="h-3 w-3/4 rounded-sm bg-muted" />
            </td>
          );
        }
        const value = row.values[column] ?? "";
        return (
          <td key={column} className={cn(CELL_CLASS, "truncate")} title={value.length > 0 ? value.slice(0, TITLE_MAX_CHARS) : undefined}>
            {value === "" ? <span className="text-muted-foreground/60">—</span> : <Highlight text={value} query={query} />}
          </td>
        );
      })}
    </tr>
  );
});
