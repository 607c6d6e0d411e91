"use client";

import { AtSign, CalendarDays, CircleDashed, Hash, Link2, Sigma, ToggleLeft, Type, type LucideIcon } from "lucide-react";
import { ErrorState } from "@/components/error-state";
import { Badge, type BadgeProps } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ColumnProfile, ColumnType, DatasetSummary } from "@/lib/shared/api-types";
import { useDatasetColumns } from "@/lib/client/queries";
import { formatNumber, formatPercent } from "@/lib/shared/format";

const TYPE_LOOK: Record<ColumnType, { icon: LucideIcon; variant: BadgeProps["variant"]; hint: string }> = {
  integer: { icon: Hash, variant: "info", hint: "Every value is a whole number." },
  number: { icon: Sigma, variant: "info", hint: "Every value is a number." },
  boolean: { icon: ToggleLeft, variant: "warning", hint: "Every value is true/false or yes/no." },
  date: { icon: CalendarDays, variant: "success", hint: "Every value is a date (ISO or with slashes)." },
  email: { icon: AtSign, variant: "secondary", hint: "Every value is an e-mail address." },
  url: { icon: Link2, variant: "secondary", hint: "Every value is a web address." },
  text: { icon: Type, variant: "outline", hint: "Free text, or values of mixed kinds." },
  empty: { icon: CircleDashed, variant: "outline", hint: "No value in any row." },
};

export function ColumnTypeBadge({ type }: { type: ColumnType }) {
  const { icon: Icon, variant, hint } = TYPE_LOOK[type];
  return (
    <Badge variant={variant} title={hint}>
      <Icon aria-hidden />
      {type}
    </Badge>
  );
}

/** Each column's inferred type, empty and distinct counts and a sample, computed on the server. */
export function ColumnList({ dataset }: { dataset: DatasetSummary }) {
  const { data, error, isPending, refetch } = useDatasetColumns(dataset.id);

  return (
    <Card>
      <CardHeader>
        <CardTitle>Columns</CardTitle>
        <CardDescription>Types are inferred from the non-empty values; hover a type for its rule.</CardDescription>
      </CardHeader>
      <CardContent>
        {error ? (
          <ErrorState error={error} title="Could not profile the columns" onRetry={() => void refetch()} />
        ) : (
          <div className="max-h-[30rem] overflow-auto rounded-md border" aria-busy={isPending}>
            {/* A bare <table>: Table's own scrolling wrapper would keep the header from sticking here. */}
            <table data-testid="column-list" className="w-full text-sm [&_td]:py-2 [&_td]:align-middle">
              <TableHeader className="sticky top-0 z-10 bg-card">
                <TableRow className="hover:bg-transparent">
                  <TableHead>Column</TableHead>
                  <TableHead>Type</TableHead>
                  <TableHead className="text-right">Empty</TableHead>
                  <TableHead className="text-right">Distinct</TableHead>
                  <TableHead className="text-right">Longest</TableHead>
                  <TableHead className="w-[40%]">Sample</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {isPending
                  ? dataset.columns.map((name) => <PendingColumnRow key={name} name={name} />)
                  : data.columns.map((column) => <ColumnRow key={column.name} column={column} rowCount={data.rowCount} />)}
              </TableBody>
            </table>
          </div>
        )}
      </CardContent>
    </Card>
  );
}

function ColumnRow({ column, rowCount }: { column: ColumnProfile; rowCount: number }) {
  const unique = column.distinctExact && column.distinct > 1 && column.distinct === rowCount - column.empty;
  return (
    <TableRow>
      <TableCell className="max-w-48 font-mono text-xs">
        <span className="block truncate" title={column.name}>
          {column.name}
        </span>
      </TableCell>
      <TableCell>
        <ColumnTypeBadge type={column.type} />
      </TableCell>
      <TableCell className="whitespace-nowrap text-right tabular-nums">
        {column.empty === 0 ? (
          <span className="text-muted-foreground">0</span>
        ) : (
          <>
            {formatNumber(column.empty)}
            <span className="ml-1 text-xs text-muted-foreground">({formatPercent(rowCount === 0 ? 0 : column.empty / rowCount, 0)})</span>
          </>
        )}
      </TableCell>
      <TableCell className="whitespace-nowrap text-right tabular-nums">
        {formatNumber(column.distinct)}
        {column.distinctExact ? "" : "+"}
        {unique ? <span className="ml-1 text-xs text-muted-foreground">(all unique)</span> : null}
      </TableCell>
      <TableCell className="text-right tabular-nums text-muted-foreground">{formatNumber(column.maxLength)}</TableCell>
      <TableCell className="max-w-0">
        {column.sample === null ? (
          <span className="text-muted-foreground">—</span>
        ) : (
          <span className="block truncate font-mono text-xs" title={column.sample}>
            {column.sample}
          </span>
        )}
      </TableCell>
    </TableRow>
  );
}

function PendingColumnRow({ name }: { name: string }) {
  return (
    <TableRow>
      <TableCell className="max-w-48 truncate font-mono text-xs">{name}</TableCell>
      {[16, 10, 12, 8, 40].map((width, i) => (
        <TableCell key={i}>
          <Skeleton className="ml-auto h-4" style={{ width: `${width * 4}px` }} />
        </TableCell>
      ))}
    </TableRow>
  );
}
