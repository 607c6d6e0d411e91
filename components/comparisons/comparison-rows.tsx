"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Keyboard, MessageSquareText, Rows3, ThumbsDown, ThumbsUp } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { toast } from "sonner";
import { ErrorState } from "@/components/error-state";
import { Pager } from "@/components/pager";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { cn } from "@/lib/client/cn";
import { errorMessage } from "@/lib/client/api-client";
import { comparisonKeys, judgeItem, useComparisonRows, type RowFilter } from "@/lib/client/comparisons";
import type { ComparisonCell, ComparisonDetail, ComparisonRowsPage, Verdict } from "@/lib/shared/comparison-types";
import { excerpt, formatNumber } from "@/lib/shared/format";

const PAGE_SIZE = 20;
const INPUT_CELL_CHARS = 160;

interface Cursor {
  row: number;
  col: number;
}

/** A cell a person can judge: it has an answer. */
const judgeable = (cell: ComparisonCell | null | undefined): cell is ComparisonCell => Boolean(cell?.output !== null && cell?.output !== undefined);

/** The sample's rows, each variant's answer beside the input, judged with the mouse or j/k, h/l, a, r, n. */
export function ComparisonRows({ comparison }: { comparison: ComparisonDetail }) {
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<RowFilter>("all");
  const [offset, setOffset] = useState(0);
  const [cursor, setCursor] = useState<Cursor>({ row: 0, col: 0 });
  const [noteFor, setNoteFor] = useState<{ cell: ComparisonCell; runId: string } | null>(null);
  const live = comparison.status === "running";
  const { data, error, isPending, refetch } = useComparisonRows(comparison.id, offset, PAGE_SIZE, filter, live);
  const columns = comparison.variants.length;
  const rowsKey = comparisonKeys.rows(comparison.id, offset, PAGE_SIZE, filter);

  const judge = useMutation({
    mutationFn: (args: { runId: string; cell: ComparisonCell; verdict: Verdict; note?: string | null }) =>
      judgeItem(args.runId, args.cell.itemId, { verdict: args.verdict, note: args.note ?? args.cell.note }),
    onSuccess: (saved) => {
      // The page shows the verdict at once; the metrics refresh behind it.
      queryClient.setQueryData<ComparisonRowsPage>(rowsKey, (page) =>
        page
          ? {
              ...page,
              rows: page.rows.map((row) => ({
                ...row,
                cells: row.cells.map((cell) => (cell?.itemId === saved.itemId ? { ...cell, verdict: saved.verdict, note: saved.note } : cell)),
              })),
            }
          : page,
      );
      void queryClient.invalidateQueries({ queryKey: comparisonKeys.detail(comparison.id), exact: true });
    },
    onError: (err) => toast.error("Could not save the verdict", { description: errorMessage(err) }),
  });

  const rows = data?.rows ?? [];
  const current = rows[cursor.row]?.cells[cursor.col];

  const move = useCallback(
    (rowDelta: number, colDelta: number) => {
      setCursor((at) => ({
        row: Math.min(Math.max(0, at.row + rowDelta), Math.max(0, rows.length - 1)),
        col: Math.min(Math.max(0, at.col + colDelta), columns - 1),
      }));
    },
    [rows.length, columns],
  );

  /** After a verdict, the next answer: the next variant of the row, then the next row. */
  const advance = useCallback(() => {
    setCursor((at) => (at.col < columns - 1 ? { ...at, col: at.col + 1 } : { row: Math.min(at.row + 1, Math.max(0, rows.length - 1)), col: 0 }));
  }, [columns, rows.length]);

  const judgeAt = useCallback(
    (row: number, col: number, verdict: Verdict) => {
      const cell = rows[row]?.cells[col];
      const runId = comparison.variants[col]?.runId;
      if (!judgeable(cell) || !runId) return;
      judge.mutate({ runId, cell, verdict });
    },
    [rows, comparison.variants, judge],
  );

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable=true], [role=dialog], [role=alertdialog], [role=listbox], [role=menu]")) return;
      if (document.querySelector("[role=dialog], [role=alertdialog]")) return;
      const key = event.key;
      if (key === "j" || key === "ArrowDown") move(1, 0);
      else if (key === "k" || key === "ArrowUp") move(-1, 0);
      else if (key === "l" || key === "ArrowRight") move(0, 1);
      else if (key === "h" || key === "ArrowLeft") move(0, -1);
      else if (key === "a" || key === "r") {
        // A failed answer has nothing to judge: the key passes over it, so a run of keys never stalls.
        if (judgeable(current)) judgeAt(cursor.row, cursor.col, key === "a" ? "approve" : "reject");
        advance();
      } else if (key === "n" && judgeable(current)) {
        const runId = comparison.variants[cursor.col]?.runId;
        if (runId) setNoteFor({ cell: current, runId });
      } else return;
      event.preventDefault();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [move, advance, judgeAt, current, cursor, comparison.variants]);

  // Keep the focused answer in view as the keys move it.
  useEffect(() => {
    document.querySelector(`[data-cell="${cursor.row}-${cursor.col}"]`)?.scrollIntoView({ block: "nearest" });
  }, [cursor]);

  function changeFilter(next: string) {
    setFilter(next as RowFilter);
    setOffset(0);
    setCursor({ row: 0, col: 0 });
  }

  return (
    <Card>
      <CardHeader className="gap-3">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="space-y-1">
            <CardTitle>Rows</CardTitle>
            <CardDescription className="flex flex-wrap items-center gap-1">
              <Keyboard className="size-3.5" aria-hidden /> <kbd>j</kbd>/<kbd>k</kbd> rows, <kbd>h</kbd>/<kbd>l</kbd> variants, <kbd>a</kbd> approve,{" "}
              <kbd>r</kbd> reject, <kbd>n</kbd> note.
            </CardDescription>
          </div>
          <Tabs value={filter} onValueChange={changeFilter}>
            <TabsList>
              <TabsTrigger value="all">All</TabsTrigger>
              <TabsTrigger value="disagreements">Disagreements</TabsTrigger>
              <TabsTrigger value="unjudged">Unjudged</TabsTrigger>
            </TabsList>
          </Tabs>
        </div>
      </CardHeader>
      <CardContent className="space-y-3">
        {isPending ? (
          <Skeleton className="h-64" />
        ) : error ? (
          <ErrorState error={error} title="Could not load the rows" onRetry={() => void refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState
            icon={Rows3}
            title={filter === "disagreements" ? "No disagreements" : filter === "unjudged" ? "Every answer is judged" : "No rows yet"}
            description={filter === "disagreements" ? "Every variant gives the reference's answer on these rows (so far)." : undefined}
          />
        ) : (
          <div className="space-y-3" role="list" aria-label="Rows with each variant's answer">
            {rows.map((row, rowPosition) => (
              <div
                key={row.rowIndex}
                role="listitem"
                data-testid="comparison-row"
                className={cn(
                  "grid gap-2 rounded-lg border p-2 md:gap-3 md:p-3",
                  rowPosition === cursor.row && "border-primary/50",
                  columns > 1 ? "md:grid-cols-[minmax(0,14rem)_repeat(var(--cols),minmax(0,1fr))]" : "md:grid-cols-[minmax(0,14rem)_minmax(0,1fr)]",
                )}
                style={{ ["--cols" as string]: columns }}
              >
                <div className="min-w-0 space-y-1 text-xs">
                  <p className="font-medium text-muted-foreground">Row {formatNumber(row.rowIndex + 1)}</p>
                  <dl className="space-y-0.5">
                    {(data?.columns ?? []).map((column) => (
                      <div key={column} className="min-w-0">
                        <dt className="inline font-medium">{column}: </dt>
                        <dd className="inline wrap-anywhere text-muted-foreground">{excerpt(row.values[column] ?? "", INPUT_CELL_CHARS)}</dd>
                      </div>
                    ))}
                  </dl>
                </div>
                {row.cells.map((cell, col) => (
                  <AnswerCell
                    key={col}
                    cell={cell}
                    model={`${col + 1}. ${comparison.variants[col]?.model ?? ""}`}
                    isReference={col === comparison.reference}
                    focused={rowPosition === cursor.row && col === cursor.col}
                    dataCell={`${rowPosition}-${col}`}
                    onFocus={() => setCursor({ row: rowPosition, col })}
                    onJudge={(verdict) => judgeAt(rowPosition, col, verdict)}
                    onNote={() => {
                      const runId = comparison.variants[col]?.runId;
                      if (judgeable(cell) && runId) setNoteFor({ cell, runId });
                    }}
                  />
                ))}
              </div>
            ))}
          </div>
        )}
        {data ? (
          <Pager
            offset={offset}
            limit={PAGE_SIZE}
            total={data.total}
            noun="rows"
            onOffsetChange={(next) => {
              setOffset(next);
              setCursor({ row: 0, col: 0 });
            }}
          />
        ) : null}
      </CardContent>
      <NoteDialog
        target={noteFor}
        onClose={() => setNoteFor(null)}
        onSave={(verdict, note) => {
          if (noteFor) judge.mutate({ runId: noteFor.runId, cell: noteFor.cell, verdict, note });
          setNoteFor(null);
        }}
      />
    </Card>
  );
}

function AnswerCell(props: {
  cell: ComparisonCell | null;
  model: string;
  isReference: boolean;
  focused: boolean;
  dataCell: string;
  onFocus: () => void;
  onJudge: (verdict: Verdict) => void;
  onNote: () => void;
}) {
  const { cell } = props;
  const differs = cell?.agrees === false;
  return (
    <div
      data-cell={props.dataCell}
      data-testid="answer-cell"
      data-differs={differs ? "true" : undefined}
      data-focused={props.focused ? "true" : undefined}
      onClick={props.onFocus}
      className={cn(
        "min-w-0 space-y-1.5 rounded-md border p-2 text-sm",
        props.isReference && "bg-muted/40",
        differs && "border-warning/60 bg-warning/10",
        props.focused && "ring-2 ring-primary",
      )}
    >
      <div className="flex flex-wrap items-center gap-1 text-xs">
        <span className="truncate font-medium">{props.model}</span>
        {props.isReference ? <Badge variant="info">ref</Badge> : null}
        {differs ? <Badge variant="warning">differs</Badge> : null}
        {cell?.verdict === "approve" ? <Badge variant="success">approved</Badge> : null}
        {cell?.verdict === "reject" ? <Badge variant="destructive">rejected</Badge> : null}
      </div>
      {cell === null ? (
        <p className="text-xs text-muted-foreground">Not in this run.</p>
      ) : cell.output !== null ? (
        <p className="line-clamp-6 whitespace-pre-wrap wrap-anywhere" data-testid="answer-text">
          {cell.output}
        </p>
      ) : (
        <p className="text-xs text-muted-foreground">{cell.status === "failed" || cell.status === "needs_review" ? `Failed: ${excerpt(cell.errorMessage ?? "", 120)}` : `${cell.status}…`}</p>
      )}
      {cell?.note ? <p className="text-xs text-muted-foreground italic">“{cell.note}”</p> : null}
      {cell?.output != null ? (
        <div className="flex gap-1">
          <Button
            type="button"
            size="sm"
            variant={cell.verdict === "approve" ? "secondary" : "ghost"}
            aria-pressed={cell.verdict === "approve"}
            aria-label={`Approve ${props.model}`}
            onClick={(event) => {
              event.stopPropagation();
              props.onJudge("approve");
            }}
          >
            <ThumbsUp aria-hidden />
          </Button>
          <Button
            type="button"
            size="sm"
            variant={cell.verdict === "reject" ? "secondary" : "ghost"}
            aria-pressed={cell.verdict === "reject"}
            aria-label={`Reject ${props.model}`}
            onClick={(event) => {
              event.stopPropagation();
              props.onJudge("reject");
            }}
          >
            <ThumbsDown aria-hidden />
          </Button>
          <Button
            type="button"
            size="sm"
            variant="ghost"
            aria-label={`Note on ${props.model}`}
            onClick={(event) => {
              event.stopPropagation();
              props.onNote();
            }}
          >
            <MessageSquareText aria-hidden />
          </Button>
        </div>
      ) : null}
    </div>
  );
}

function NoteDialog(props: { target: { cell: ComparisonCell } | null; onClose: () => void; onSave: (verdict: Verdict, note: string) => void }) {
  return (
    <Dialog open={props.target !== null} onOpenChange={(next) => (next ? undefined : props.onClose())}>
      <DialogContent>
        {/* Keyed by the item, so the note starts from that item's own each time the dialog opens. */}
        {props.target ? <NoteForm key={props.target.cell.itemId} cell={props.target.cell} onSave={props.onSave} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function NoteForm(props: { cell: ComparisonCell; onSave: (verdict: Verdict, note: string) => void }) {
  const [note, setNote] = useState(props.cell.note ?? "");
  return (
    <>
      <DialogHeader>
        <DialogTitle>Judge with a note</DialogTitle>
        <DialogDescription className="line-clamp-3">{props.cell.output}</DialogDescription>
      </DialogHeader>
      <Textarea aria-label="Note" rows={3} value={note} onChange={(event) => setNote(event.target.value)} placeholder="Why (optional)" autoFocus />
      <DialogFooter>
        <Button variant="outline" onClick={() => props.onSave("reject", note)}>
          <ThumbsDown aria-hidden /> Reject
        </Button>
        <Button onClick={() => props.onSave("approve", note)}>
          <ThumbsUp aria-hidden /> Approve
        </Button>
      </DialogFooter>
    </>
  );
}
