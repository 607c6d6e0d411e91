"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Highlight } from "@/components/datasets/highlight";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { errorMessage } from "@/lib/client/api-client";
import type { DatasetDetail } from "@/lib/shared/api-types";
import { formatNumber, plural } from "@/lib/shared/format";

export type DatasetRow = DatasetDetail["rows"][number];

const COPIED_FEEDBACK_MS = 1500;

/** Every cell of one row in full: long text wraps, line breaks are kept. */
export function RowDetailDialog({
  row,
  columns,
  query,
  onOpenChange,
  returnFocusTo,
}: {
  row: DatasetRow | null;
  columns: readonly string[];
  query: string;
  onOpenChange: (open: boolean) => void;
  /** Opened without a trigger, the dialog would drop focus on close; it goes back here instead. */
  returnFocusTo: () => HTMLElement | null;
}) {
  return (
    <Dialog open={row !== null} onOpenChange={onOpenChange}>
      <DialogContent
        className="sm:max-w-3xl"
        data-testid="row-detail"
        onCloseAutoFocus={(event) => {
          const target = returnFocusTo();
          if (target?.isConnected) {
            event.preventDefault();
            target.focus({ preventScroll: true });
          }
        }}
      >
        {row ? (
          <>
            <DialogHeader>
              <DialogTitle>Row {formatNumber(row.index + 1)}</DialogTitle>
              <DialogDescription>
                {plural(columns.length, "column")}, in full. Escape closes.
              </DialogDescription>
            </DialogHeader>
            <dl className="divide-y rounded-md border">
              {columns.map((column) => {
                const value = row.values[column] ?? "";
                return (
                  <div key={column} className="grid gap-1 px-3 py-2.5 sm:grid-cols-[10rem_minmax(0,1fr)] sm:gap-4">
                    <dt className="break-words font-mono text-xs leading-5 text-muted-foreground">{column}</dt>
                    <dd className="whitespace-pre-wrap break-words text-sm [overflow-wrap:anywhere]">
                      {value === "" ? <span className="italic text-muted-foreground">empty</span> : <Highlight text={value} query={query} />}
                    </dd>
                  </div>
                );
              })}
            </dl>
            <DialogFooter>
              <CopyRowButton row={row} columns={columns} />
            </DialogFooter>
          </>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}

function CopyRowButton({ row, columns }: { row: DatasetRow; columns: readonly string[] }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    const record = Object.fromEntries(columns.map((column) => [column, row.values[column] ?? ""]));
    try {
      await navigator.clipboard.writeText(JSON.stringify(record, null, 2));
    } catch (error) {
      // Browsers refuse the clipboard outside a secure context (plain http on another host).
      toast.error("Could not copy the row", { description: errorMessage(error) });
      return;
    }
    setCopied(true);
    setTimeout(() => setCopied(false), COPIED_FEEDBACK_MS);
  }
  return (
    <Button variant="outline" size="sm" onClick={() => void copy()}>
      {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
      {copied ? "Copied" : "Copy as JSON"}
    </Button>
  );
}
