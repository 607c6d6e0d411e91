"use client";

import { LoaderCircle, Search, SearchX, X } from "lucide-react";
import { useCallback, useRef, useState } from "react";
import { ErrorState } from "@/components/error-state";
import { RowDetailDialog, type DatasetRow } from "@/components/datasets/row-detail-dialog";
import { ROWS_PER_PAGE, RowsTable } from "@/components/datasets/rows-table";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import type { DatasetSummary } from "@/lib/shared/api-types";
import { useDatasetColumns, useDatasetRowsTotal } from "@/lib/client/queries";
import { formatNumber, plural } from "@/lib/shared/format";
import { useDebouncedValue } from "@/lib/client/use-debounced-value";

const SEARCH_DEBOUNCE_MS = 250;
/** The server's limit (lib/server/datasets/row-search.ts). */
const SEARCH_MAX_CHARS = 200;

/** Every row of the dataset, searchable; a row opens in full in a dialog. */
export function DatasetRows({ dataset }: { dataset: DatasetSummary }) {
  const [input, setInput] = useState("");
  const query = useDebouncedValue(input.trim(), SEARCH_DEBOUNCE_MS);
  const first = useDatasetRowsTotal(dataset.id, query, ROWS_PER_PAGE);
  const profile = useDatasetColumns(dataset.id);
  const [openRow, setOpenRow] = useState<DatasetRow | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const showRow = useCallback((row: DatasetRow) => {
    // The row that was clicked or had Enter pressed on it: focus returns there on close.
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setOpenRow(row);
  }, []);
  const searching = input.trim() !== query || first.isPlaceholderData;
  const total = first.data?.total ?? 0;

  return (
    <Card className="min-w-0">
      <CardHeader>
        <CardTitle>Rows</CardTitle>
        <CardDescription>Click a row, or press Enter on it, to read every cell in full. Arrow keys move between rows.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
          <div className="relative w-full sm:w-80">
            <Search className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
            <Input
              type="search"
              aria-label="Search rows"
              placeholder="Search all cells…"
              value={input}
              maxLength={SEARCH_MAX_CHARS}
              onChange={(event) => setInput(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Escape" && input) {
                  event.preventDefault();
                  setInput("");
                }
              }}
              className="pl-8 pr-8 [&::-webkit-search-cancel-button]:hidden"
            />
            {input ? (
              <Button
                variant="ghost"
                size="icon"
                className="absolute right-0.5 top-1/2 size-8 -translate-y-1/2"
                aria-label="Clear search"
                onClick={() => setInput("")}
              >
                <X aria-hidden />
              </Button>
            ) : null}
          </div>
          <p className="flex h-5 items-center gap-1.5 text-sm text-muted-foreground" aria-live="polite" data-testid="rows-status">
            {first.isPending ? (
              "Loading rows…"
            ) : searching ? (
              <>
                <LoaderCircle className="size-3.5 animate-spin" aria-hidden /> Searching…
              </>
            ) : query ? (
              <>
                {formatNumber(total)} of {plural(dataset.rowCount, "row")} {total === 1 ? "contains" : "contain"} “{query}”
              </>
            ) : (
              <>{plural(total, "row")}</>
            )}
          </p>
        </div>
        {first.isPending ? (
          <Skeleton className="h-[min(65vh,640px)] w-full" />
        ) : first.error ? (
          <ErrorState error={first.error} title="Could not load the rows" onRetry={() => void first.refetch()} />
        ) : total === 0 && !searching ? (
          query ? (
            <EmptyState icon={SearchX} title="No matching rows" description={`No cell contains “${query}”.`} />
          ) : (
            <EmptyState icon={SearchX} title="This dataset has no rows" />
          )
        ) : (
          <RowsTable
            key={query}
            datasetId={dataset.id}
            columns={dataset.columns}
            profiles={profile.data?.columns}
            query={query}
            total={total}
            onOpenRow={showRow}
          />
        )}
      </CardContent>
      <RowDetailDialog
        row={openRow}
        columns={dataset.columns}
        query={query}
        onOpenChange={(open) => !open && setOpenRow(null)}
        returnFocusTo={() => opener.current}
      />
    </Card>
  );
}
