"use client";

// The review queue for speed: a compact list beside the selected item's detail (a dialog on a phone),
// filters in the URL, multi-select with shift-click ranges or "every item matching this filter", and
// the keyboard: j/k move, x selects, r retries, e resolves, d discards, enter opens.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CircleCheck, SearchX } from "lucide-react";
import { usePathname, useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent } from "react";
import { toast } from "sonner";
import { ErrorState } from "@/components/error-state";
import { Pager } from "@/components/pager";
import { BulkActions, type BulkScope } from "@/components/review/bulk-actions";
import { ResolveDialog } from "@/components/review/resolve-dialog";
import { Kbd, ReviewDetail } from "@/components/review/review-detail";
import { ReviewFilters } from "@/components/review/review-filters";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { actOnReviewItem, errorMessage } from "@/lib/client/api-client";
import { cn } from "@/lib/client/cn";
import { queryKeys, useReview, useReviewSummary } from "@/lib/client/queries";
import type { ReviewAction, ReviewFilter, ReviewItem } from "@/lib/shared/api-types";
import { formatNumber, plural } from "@/lib/shared/format";

const ITEMS_PER_PAGE = 50;
const DONE_MESSAGES: Record<ReviewAction, string> = {
  retry: "Retried",
  resolve: "Resolved with your output",
  discard: "Discarded",
};
/** Below Tailwind's lg the detail pane is hidden and opens as a dialog. */
const WIDE_QUERY = "(min-width: 1024px)";

export function ReviewClient({ filter }: { filter: ReviewFilter }) {
  const router = useRouter();
  const pathname = usePathname();
  const queryClient = useQueryClient();
  const [offset, setOffset] = useState(0);
  const { data, error, isPending, refetch } = useReview(offset, ITEMS_PER_PAGE, filter);
  const summary = useReviewSummary(filter);

  /** The position of the item the keys act on: after it leaves the list, the next one is there. */
  const [cursor, setCursor] = useState(0);
  /** Items with an action in flight. */
  const [busy, setBusy] = useState<Map<string, ReviewAction>>(new Map());
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const anchor = useRef<number | null>(null);
  /** Items acted on here, hidden until the next fetch no longer lists them. */
  const [gone, setGone] = useState<Set<string>>(new Set());
  const [bulkDialog, setBulkDialog] = useState<ReviewAction | null>(null);
  const [resolveOpen, setResolveOpen] = useState(false);
  const [detailOpen, setDetailOpen] = useState(false);
  const listRef = useRef<HTMLUListElement>(null);

  const items = useMemo(() => (data?.items ?? []).filter((item) => !gone.has(item.id)), [data, gone]);
  const cursorIndex = Math.max(0, Math.min(cursor, items.length - 1));
  const current: ReviewItem | undefined = items[cursorIndex];

  // A new filter is a new list: start at its top with nothing selected.
  const filterKey = JSON.stringify(filter);
  useEffect(() => {
    setOffset(0);
    setSelected(new Set());
    setAllMatching(false);
    setCursor(0);
  }, [filterKey]);

  // Acting on the last items of the last page empties it: step back to a page that has items.
  useEffect(() => {
    if (data && offset > 0 && offset >= data.total) setOffset(Math.max(0, Math.floor((data.total - 1) / ITEMS_PER_PAGE) * ITEMS_PER_PAGE));
  }, [data, offset]);
  // Forget hidden items the server no longer lists.
  useEffect(() => {
    if (!data) return;
    const listed = new Set(data.items.map((item) => item.id));
    setGone((prev) => (prev.size && [...prev].some((id) => !listed.has(id)) ? new Set([...prev].filter((id) => listed.has(id))) : prev));
  }, [data]);

  const setFilter = useCallback(
    (next: ReviewFilter) => {
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(next)) if (value) search.set(key, value);
      const query = search.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [router, pathname],
  );

  const act = useMutation({
    mutationFn: ({ item, action, output }: { item: ReviewItem; action: ReviewAction; output?: string }) =>
      actOnReviewItem(item.id, action === "resolve" ? { action, output } : { action }),
    onMutate: ({ item, action }) => {
      setBusy((prev) => new Map(prev).set(item.id, action));
      // A discard leaves at once; a retry waits for the model and a resolve for its dialog, so they stay until answered.
      if (action === "discard") setGone((prev) => new Set(prev).add(item.id));
    },
    onSuccess: (row, { item, action }) => {
      setGone((prev) => new Set(prev).add(item.id));
      // Only a resolve closes its dialog: a discard answered late must not close the next item's.
      if (action === "resolve") setResolveOpen(false);
      const still = row.status === "needs_review";
      if (still) toast.warning(`Row ${item.rowIndex + 1} failed again`, { description: row.errorMessage ?? undefined });
      else toast.success(`${DONE_MESSAGES[action]}: row ${item.rowIndex + 1}`);
    },
    onError: (error, { item, action }) => {
      setGone((prev) => {
        const next = new Set(prev);
        next.delete(item.id);
        return next;
      });
      toast.error(`Could not ${action} row ${item.rowIndex + 1}`, { description: errorMessage(error) });
    },
    onSettled: (_row, _error, { item }) => {
      setBusy((prev) => {
        const next = new Map(prev);
        next.delete(item.id);
        return next;
      });
      return Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.review }), queryClient.invalidateQueries({ queryKey: queryKeys.runs })]);
    },
  });

  const selectionCount = allMatching ? (data?.total ?? 0) : selected.size;
  const scope: BulkScope = allMatching ? { filter } : { itemIds: [...selected] };
  const selectedRunIds = new Set(allMatching ? (filter.runId ? [filter.runId] : []) : items.filter((i) => selected.has(i.id)).map((i) => i.runId));
  const scopeRunId = filter.runId ?? (selectedRunIds.size === 1 && !allMatching ? ([...selectedRunIds][0] ?? null) : null);

  const clearSelection = useCallback(() => {
    setSelected(new Set());
    setAllMatching(false);
  }, []);

  const toggle = useCallback(
    (index: number, range: boolean) => {
      const item = items[index];
      if (!item) return;
      setAllMatching(false);
      setSelected((prev) => {
        const next = new Set(prev);
        const on = !prev.has(item.id);
        if (range && anchor.current !== null) {
          const [from, to] = [Math.min(anchor.current, index), Math.max(anchor.current, index)];
          for (const each of items.slice(from, to + 1)) next.add(each.id);
        } else if (on) next.add(item.id);
        else next.delete(item.id);
        return next;
      });
      anchor.current = index;
    },
    [items],
  );

  const moveTo = useCallback(
    (index: number) => {
      const item = items[Math.max(0, Math.min(items.length - 1, index))];
      if (!item) return;
      setCursor(items.indexOf(item));
      listRef.current?.querySelector<HTMLElement>(`[data-item-id="${item.id}"]`)?.scrollIntoView({ block: "nearest" });
    },
    [items],
  );

  const actOnCurrent = useCallback(
    (action: ReviewAction) => {
      if (selectionCount > 0) {
        setBulkDialog(action);
        return;
      }
      if (!current || busy.has(current.id)) return;
      if (action === "resolve") setResolveOpen(true);
      else act.mutate({ item: current, action });
    },
    [selectionCount, current, act, busy],
  );

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable=true], [role=dialog], [role=alertdialog], [role=listbox], [role=menu]")) return;
      if (document.querySelector("[role=dialog], [role=alertdialog]")) return;
      const key = event.key;
      if (key === "j" || key === "ArrowDown") moveTo(cursorIndex + 1);
      else if (key === "k" || key === "ArrowUp") moveTo(cursorIndex - 1);
      else if (key === "x") toggle(cursorIndex, event.shiftKey);
      else if (key === "r") actOnCurrent("retry");
      else if (key === "e") actOnCurrent("resolve");
      else if (key === "d") actOnCurrent("discard");
      else if (key === "Enter" && current && !window.matchMedia(WIDE_QUERY).matches) setDetailOpen(true);
      else if (key === "Escape" && selectionCount > 0) clearSelection();
      else return;
      event.preventDefault();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [moveTo, toggle, actOnCurrent, cursorIndex, current, selectionCount, clearSelection]);

  const filtered = Boolean(filter.runId || filter.datasetId || filter.errorKind);
  const pending = (current && busy.get(current.id)) ?? null;

  let body;
  if (isPending) {
    body = (
      <div className="space-y-2" aria-label="Loading the review queue">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-12 w-full" />
        ))}
      </div>
    );
  } else if (error) {
    body = <ErrorState error={error} title="Could not load the review queue" onRetry={() => void refetch()} />;
  } else if (data.total === 0 || items.length === 0) {
    body = filtered ? (
      <EmptyState
        icon={SearchX}
        title="Nothing in review matches this filter"
        description="Other items may still need a decision."
        action={
          <Button variant="outline" onClick={() => setFilter({})}>
            Show every item
          </Button>
        }
      />
    ) : (
      <EmptyState icon={CircleCheck} title="Nothing needs review" description="Items that keep failing after their retries will show up here." />
    );
  } else {
    const pageAllSelected = items.every((item) => selected.has(item.id));
    body = (
      <div className="space-y-3">
        <div className="flex min-h-9 flex-wrap items-center gap-x-3 gap-y-2 rounded-md border bg-card px-3 py-1.5">
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              className="size-4 accent-primary"
              aria-label="Select every item on this page"
              checked={allMatching || (items.length > 0 && pageAllSelected)}
              onChange={(event) => {
                setAllMatching(false);
                setSelected(event.target.checked ? new Set(items.map((item) => item.id)) : new Set());
              }}
            />
            <span className="text-muted-foreground" data-testid="selection-count">
              {selectionCount > 0
                ? `${formatNumber(selectionCount)} selected`
                : `${plural(data.total, "item")} ${data.total === 1 ? "needs" : "need"} a decision${filter.runId ? " in this run" : ""}`}
            </span>
          </label>
          {selected.size > 0 && !allMatching && data.total > selected.size ? (
            <button type="button" className="text-sm font-medium underline underline-offset-4" onClick={() => setAllMatching(true)}>
              Select all {formatNumber(data.total)} matching this filter
            </button>
          ) : null}
          {selectionCount > 0 ? (
            <div className="w-full sm:ml-auto sm:w-auto">
              <BulkActions
                count={selectionCount}
                scope={scope}
                runId={scopeRunId}
                dialog={bulkDialog}
                onDialogChange={setBulkDialog}
                onStarted={clearSelection}
                onClear={clearSelection}
              />
            </div>
          ) : null}
        </div>
        <div className="grid gap-4 lg:grid-cols-[minmax(0,5fr)_minmax(0,6fr)]">
          <ul ref={listRef} data-testid="review-list" aria-label="Items in review" className="divide-y overflow-hidden rounded-md border bg-card">
            {items.map((item, index) => (
              <ReviewRow
                key={item.id}
                item={item}
                active={item.id === current?.id}
                checked={allMatching || selected.has(item.id)}
                busy={busy.has(item.id)}
                onOpen={() => {
                  setCursor(index);
                  if (!window.matchMedia(WIDE_QUERY).matches) setDetailOpen(true);
                }}
                onToggle={(event) => toggle(index, event.shiftKey)}
              />
            ))}
          </ul>
          <aside aria-label="Selected item" className="hidden lg:block">
            <div className="sticky top-20 max-h-[calc(100vh-6rem)] overflow-y-auto rounded-md border bg-card p-4">
              {current ? <ReviewDetail item={current} pending={pending} onAction={actOnCurrent} /> : null}
            </div>
          </aside>
        </div>
        <Pager offset={data.offset} limit={data.limit} total={data.total} onOffsetChange={setOffset} noun="items" />
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <ReviewFilters filter={filter} summary={summary.data} onChange={setFilter} />
      <ShortcutHint />
      {body}
      {current ? (
        <>
          <ResolveDialog
            open={resolveOpen}
            onOpenChange={setResolveOpen}
            title={`Resolve row ${current.rowIndex + 1}`}
            description="The item is marked completed with the output you enter."
            initialOutput={current.output ?? ""}
            pending={busy.get(current.id) === "resolve"}
            onResolve={(output) => act.mutate({ item: current, action: "resolve", output })}
          />
          <Dialog open={detailOpen} onOpenChange={setDetailOpen}>
            <DialogContent className="lg:hidden">
              <DialogTitle className="sr-only">Row {current.rowIndex + 1}</DialogTitle>
              <DialogDescription className="sr-only">The item in review, with its input, error and attempts.</DialogDescription>
              <ReviewDetail
                item={current}
                pending={pending}
                onAction={(action) => {
                  if (action !== "resolve") setDetailOpen(false);
                  actOnCurrent(action);
                }}
              />
            </DialogContent>
          </Dialog>
        </>
      ) : null}
    </div>
  );
}

function ReviewRow(props: { item: ReviewItem; active: boolean; checked: boolean; busy: boolean; onOpen: () => void; onToggle: (event: MouseEvent) => void }) {
  const { item } = props;
  return (
    <li
      data-testid="review-item"
      data-item-id={item.id}
      data-active={props.active || undefined}
      aria-current={props.active || undefined}
      className={cn("flex items-center gap-3 px-3 py-2 text-sm", props.active ? "bg-primary/8 shadow-[inset_3px_0_0_var(--color-primary)]" : "hover:bg-muted/50", props.busy && "opacity-60")}
    >
      <input
        type="checkbox"
        className="size-4 shrink-0 accent-primary"
        aria-label={`Select row ${item.rowIndex + 1}`}
        checked={props.checked}
        onChange={() => undefined}
        onClick={(event) => props.onToggle(event)}
      />
      <button type="button" onClick={props.onOpen} className="flex min-w-0 flex-1 items-center gap-3 text-left outline-none focus-visible:underline">
        <span className="w-14 shrink-0 tabular-nums text-muted-foreground">Row {item.rowIndex + 1}</span>
        <span className="min-w-0 flex-1">
          <span className="block truncate">{item.input}</span>
          <span className="block truncate text-xs text-muted-foreground">
            {item.datasetName} · {item.errorMessage ?? "no message"}
          </span>
        </span>
        {item.errorKind ? (
          <Badge variant="destructive" className="hidden font-mono sm:inline-flex">
            {item.errorKind}
          </Badge>
        ) : null}
      </button>
    </li>
  );
}

function ShortcutHint() {
  const keys: [string, string][] = [
    ["j/k", "move"],
    ["x", "select"],
    ["shift-click", "range"],
    ["r", "retry"],
    ["e", "resolve"],
    ["d", "discard"],
    ["enter", "open"],
  ];
  return (
    <p className="hidden flex-wrap gap-x-3 gap-y-1 text-xs text-muted-foreground sm:flex" data-testid="shortcut-hint">
      {keys.map(([key, what]) => (
        <span key={key}>
          <Kbd>{key}</Kbd> {what}
        </span>
      ))}
    </p>
  );
}
