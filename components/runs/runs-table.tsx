"use client";

import { ListChecks } from "lucide-react";
import Link from "next/link";
import { ErrorState } from "@/components/error-state";
import { RunStatusBadge } from "@/components/status-badge";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Progress } from "@/components/ui/progress";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { processedCount, processedPercent } from "@/components/runs/run-math";
import { useRuns } from "@/lib/client/queries";
import { formatDate, formatNumber, formatUsd } from "@/lib/shared/format";

export function RunsTable() {
  const { data, error, isPending, refetch } = useRuns();

  if (isPending) {
    return (
      <div className="space-y-2" aria-label="Loading runs">
        {Array.from({ length: 5 }, (_, i) => (
          <Skeleton key={i} className="h-11 w-full" />
        ))}
      </div>
    );
  }
  if (error) return <ErrorState error={error} title="Could not load runs" onRetry={() => void refetch()} />;
  if (data.items.length === 0) {
    return (
      <EmptyState
        icon={ListChecks}
        title="No runs yet"
        description="Open a dataset, write a prompt and start a sample run. It will show up here."
        action={
          <Button asChild size="sm">
            <Link href="/">Go to datasets</Link>
          </Button>
        }
      />
    );
  }

  return (
    <Card className="py-0">
      <Table data-testid="runs-table">
        <TableHeader>
          <TableRow>
            <TableHead className="pl-5">Dataset</TableHead>
            <TableHead>Kind</TableHead>
            <TableHead>Status</TableHead>
            <TableHead className="w-56">Progress</TableHead>
            <TableHead className="text-right">Cost</TableHead>
            <TableHead className="pr-5">Created</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {data.items.map((run) => {
            const processed = processedCount(run);
            const percent = processedPercent(run);
            return (
              <TableRow key={run.id}>
                <TableCell className="pl-5 align-middle">
                  <Link
                    href={`/runs/${run.id}`}
                    className="rounded-sm font-medium underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
                  >
                    {run.datasetName}
                  </Link>
                  <div className="font-mono text-xs text-muted-foreground">{run.id.slice(0, 12)}</div>
                </TableCell>
                <TableCell className="align-middle">
                  <Badge variant="outline">{run.kind === "sample" ? "Sample" : "Full"}</Badge>
                </TableCell>
                <TableCell className="align-middle">
                  <RunStatusBadge status={run.status} />
                </TableCell>
                <TableCell className="align-middle">
                  <div className="flex items-center gap-2">
                    <Progress value={percent} aria-label={`Progress of run ${run.id}`} className="h-1.5" />
                    <span className="shrink-0 text-xs tabular-nums text-muted-foreground">
                      {formatNumber(processed)}/{formatNumber(run.progress.toSend)}
                    </span>
                  </div>
                </TableCell>
                <TableCell className="text-right align-middle tabular-nums">
                  {formatUsd(run.cost.usd)}
                  {run.simulated ? <div className="text-xs text-muted-foreground">simulated</div> : null}
                </TableCell>
                <TableCell className="whitespace-nowrap pr-5 align-middle text-muted-foreground">{formatDate(run.createdAt)}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Card>
  );
}
