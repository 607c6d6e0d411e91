"use client";

import { Inbox } from "lucide-react";
import { useState } from "react";
import { ErrorState } from "@/components/error-state";
import { Pager } from "@/components/pager";
import { ItemStatusBadge } from "@/components/status-badge";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import type { ItemRow, ItemStatus, RunSummary } from "@/lib/shared/api-types";
import { useRunItems } from "@/lib/client/queries";
import { formatLatency, formatNumber, formatUsd } from "@/lib/shared/format";
import { describeSkipReason, parseDuplicateOf } from "@/lib/shared/skip-reasons";
import { cn } from "@/lib/client/cn";

const ITEMS_PER_PAGE = 25;

type TabValue = "all" | Extract<ItemStatus, "completed" | "needs_review" | "failed" | "skipped">;
const TABS: { value: TabValue; label: string }[] = [
  { value: "all", label: "All" },
  { value: "completed", label: "Completed" },
  { value: "needs_review", label: "Needs review" },
  { value: "failed", label: "Failed" },
  { value: "skipped", label: "Skipped" },
];

/** The run's items, input beside output, filtered by status. */
export function ItemsTable({ run, live }: { run: RunSummary; live: boolean }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Items</CardTitle>
      </CardHeader>
      <CardContent>
        <Tabs defaultValue="all">
          <TabsList aria-label="Filter items by status">
            {TABS.map((tab) => (
              <TabsTrigger key={tab.value} value={tab.value}>
                {tab.label}
                <span className="rounded bg-muted px-1.5 text-xs tabular-nums text-muted-foreground">
                  {formatNumber(tab.value === "all" ? run.total : run.counts[tab.value])}
                </span>
              </TabsTrigger>
            ))}
          </TabsList>
          {TABS.map((tab) => (
            <TabsContent key={tab.value} value={tab.value}>
              <ItemsPage runId={run.id} status={tab.value === "all" ? undefined : tab.value} live={live} />
            </TabsContent>
          ))}
        </Tabs>
      </CardContent>
    </Card>
  );
}

function ItemsPage({ runId, status, live }: { runId: string; status: ItemStatus | undefined; live: boolean }) {
  // Pages are read by key (after the previous page's last row), which stays cheap deep in a large
  // run; the cursors of the pages before this one are kept so Prev can go back.
  const [cursors, setCursors] = useState<number[]>([]);
  const offset = cursors.length * ITEMS_PER_PAGE;
  const { data, error, isPending, isPlaceholderData, refetch } = useRunItems(runId, status, cursors.at(-1), ITEMS_PER_PAGE, live);

  if (isPending) return <Skeleton className="h-64 w-full" />;
  if (error) return <ErrorState error={error} title="Could not load items" onRetry={() => void refetch()} />;
  if (data.total === 0) {
    return <EmptyState icon={Inbox} title="No items here" description={live ? "Items show up as batches are processed." : undefined} />;
  }

  return (
    <div className="space-y-3">
      <div className={cn("rounded-md border", isPlaceholderData && "opacity-60")}>
        <Table data-testid="items-table" className="text-[13px]">
          <TableHeader>
            <TableRow>
              <TableHead className="w-12 text-right">Row</TableHead>
              <TableHead className="w-[32%]">Input</TableHead>
              <TableHead className="w-[32%]">Output</TableHead>
              <TableHead>Status</TableHead>
              <TableHead className="text-right">Attempts</TableHead>
              <TableHead className="text-right">Tokens in/out</TableHead>
              <TableHead className="text-right">Cost</TableHead>
              <TableHead className="text-right">Latency</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.items.map((item) => (
              <TableRow key={item.id} data-status={item.status}>
                <TableCell className="text-right tabular-nums text-muted-foreground">{item.rowIndex + 1}</TableCell>
                <TableCell>
                  <ClampedText text={item.input} />
                </TableCell>
                <TableCell>
                  <OutputCell item={item} />
                </TableCell>
                <TableCell>
                  <ItemStatusBadge status={item.status} />
                </TableCell>
                <TableCell className="text-right tabular-nums">{item.attempts}</TableCell>
                <TableCell className="whitespace-nowrap text-right tabular-nums">
                  {formatNumber(item.tokensIn)} / {formatNumber(item.tokensOut)}
                </TableCell>
                <TableCell className="text-right tabular-nums">{formatUsd(item.costUsd)}</TableCell>
                <TableCell className="whitespace-nowrap text-right tabular-nums">{formatLatency(item.latencyMs)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <Pager
        offset={offset}
        limit={ITEMS_PER_PAGE}
        total={data.total}
        onOffsetChange={(next) => {
          if (next < offset) setCursors(cursors.slice(0, -1));
          // While the next page loads, the one shown is the previous page's: its cursor is not this page's.
          else if (!isPlaceholderData && data.nextCursor !== null) setCursors([...cursors, data.nextCursor]);
        }}
        noun="items"
      />
    </div>
  );
}

function ClampedText({ text, className }: { text: string; className?: string }) {
  return (
    <p className={cn("line-clamp-3 min-w-40 whitespace-pre-wrap wrap-anywhere", className)} title={text}>
      {text}
    </p>
  );
}

function OutputCell({ item }: { item: ItemRow }) {
  const reason = describeSkipReason(item.skipReason);
  if (item.output !== null) {
    // A cached or duplicate answer: say where it came from, since no call was made for this row.
    return reason ? (
      <div className="space-y-1">
        <Badge variant="secondary" data-testid="skip-reason">
          {reason}
        </Badge>
        <ClampedText text={item.output} />
      </div>
    ) : (
      <ClampedText text={item.output} />
    );
  }
  if (item.errorKind || item.errorMessage) {
    return (
      <div className="space-y-1">
        {item.errorKind ? (
          <Badge variant="destructive" className="font-mono">
            {item.errorKind}
          </Badge>
        ) : null}
        {item.errorMessage ? <ClampedText text={item.errorMessage} className="text-muted-foreground" /> : null}
      </div>
    );
  }
  if (reason) {
    const waiting = parseDuplicateOf(item.skipReason) !== null;
    return (
      <span className="text-muted-foreground" data-testid="skip-reason">
        {reason}
        {waiting ? " — its answer is copied here when that row completes" : ""}
      </span>
    );
  }
  return <span className="text-muted-foreground">—</span>;
}
