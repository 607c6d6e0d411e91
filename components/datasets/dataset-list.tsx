"use client";

import { FileSpreadsheet } from "lucide-react";
import Link from "next/link";
import { ErrorState } from "@/components/error-state";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDate, formatNumber, plural } from "@/lib/shared/format";
import { useDatasets } from "@/lib/client/queries";

const PREVIEW_COLUMNS = 4;

export function DatasetList() {
  const { data, error, isPending, refetch } = useDatasets();

  return (
    <Card>
      <CardHeader>
        <CardTitle>Your datasets</CardTitle>
        <CardDescription>Open one to preview its rows and start a run.</CardDescription>
      </CardHeader>
      <CardContent>
        {isPending ? (
          <div className="space-y-2" aria-label="Loading datasets">
            {Array.from({ length: 4 }, (_, i) => (
              <Skeleton key={i} className="h-9 w-full" />
            ))}
          </div>
        ) : error ? (
          <ErrorState error={error} title="Could not load datasets" onRetry={() => void refetch()} />
        ) : data.items.length === 0 ? (
          <EmptyState
            icon={FileSpreadsheet}
            title="No datasets yet"
            description={
              <>
                Upload a CSV to get started. No file at hand? Download{" "}
                <a href="/sample-leads.csv" download className="font-medium text-foreground underline underline-offset-4">
                  sample-leads.csv
                </a>{" "}
                and upload it.
              </>
            }
          />
        ) : (
          <Table data-testid="datasets-table">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead className="text-right">Rows</TableHead>
                {/* On a phone the name's own line says when; the column preview is left to the dataset page. */}
                <TableHead className="hidden sm:table-cell">Columns</TableHead>
                <TableHead className="hidden sm:table-cell">Created</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.items.map((dataset) => (
                <TableRow key={dataset.id}>
                  <TableCell className="font-medium wrap-anywhere">
                    <Link href={`/datasets/${dataset.id}`} className="rounded-sm underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50">
                      {dataset.name}
                    </Link>
                    <div className="text-xs font-normal text-muted-foreground sm:hidden">
                      {plural(dataset.columns.length, "column")} · {formatDate(dataset.createdAt)}
                    </div>
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{formatNumber(dataset.rowCount)}</TableCell>
                  <TableCell className="hidden max-w-64 text-muted-foreground sm:table-cell">
                    <span className="block truncate" title={dataset.columns.join(", ")}>
                      {dataset.columns.length} · {dataset.columns.slice(0, PREVIEW_COLUMNS).join(", ")}
                      {dataset.columns.length > PREVIEW_COLUMNS ? ", …" : ""}
                    </span>
                  </TableCell>
                  <TableCell className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">{formatDate(dataset.createdAt)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
