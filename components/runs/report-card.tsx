"use client";

import type { ReactNode } from "react";
import { ErrorState } from "@/components/error-state";
import { ExportMenu } from "@/components/runs/export-menu";
import { Badge } from "@/components/ui/badge";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import type { RunSummary } from "@/lib/shared/api-types";
import { useRunReport } from "@/lib/client/queries";
import { formatDuration, formatLatency, formatNumber, formatUsd } from "@/lib/shared/format";

/** The final report of an ended run, with the results and the report to download (the Export menu). */
export function ReportCard({ run }: { run: RunSummary }) {
  const { data: report, error, isPending, refetch } = useRunReport(run.id, true);

  return (
    <Card data-testid="report-card">
      <CardHeader>
        <CardTitle>Report</CardTitle>
        <CardDescription>Final numbers for this run{run.simulated ? "; costs are simulated" : ""}.</CardDescription>
        <CardAction>
          <ExportMenu run={run} />
        </CardAction>
      </CardHeader>
      <CardContent>
        {isPending ? (
          <Skeleton className="h-28" />
        ) : error ? (
          <ErrorState error={error} title="Could not load the report" onRetry={() => void refetch()} />
        ) : (
          <div className="space-y-4">
            <dl className="grid grid-cols-2 gap-x-6 gap-y-3 sm:grid-cols-4 lg:grid-cols-6">
              <Fact label="Total items">{formatNumber(report.totalItems)}</Fact>
              <Fact label="Completed">{formatNumber(report.completed)}</Fact>
              <Fact label="Failed">{formatNumber(report.failed)}</Fact>
              <Fact label="Needs review">{formatNumber(report.needsReview)}</Fact>
              <Fact label="Skipped">{formatNumber(report.skipped)}</Fact>
              <Fact label="Retries">{formatNumber(report.retryCount)}</Fact>
              <Fact label={run.simulated ? "Cost (simulated)" : "Cost"}>{formatUsd(report.costUsd)}</Fact>
              <Fact label="Tokens in">{formatNumber(report.tokensIn)}</Fact>
              <Fact label="Tokens out">{formatNumber(report.tokensOut)}</Fact>
              <Fact label="Avg latency">{formatLatency(report.avgLatencyMs)}</Fact>
              <Fact label="p95 latency">{formatLatency(report.p95LatencyMs)}</Fact>
              <Fact label="Wall time">{formatDuration(report.wallTimeSeconds)}</Fact>
            </dl>
            {report.batchApi ? (
              <p className="border-t pt-4 text-sm" data-testid="batch-api-saving">
                <span className="text-muted-foreground">Batch API: </span>
                {formatNumber(report.batchApi.answered)} answers for {formatUsd(report.batchApi.costUsd)} instead of {formatUsd(report.batchApi.syncPriceUsd)} synchronously,{" "}
                <span className="font-semibold">saving {formatUsd(report.batchApi.savingUsd)}</span>
                {report.batchApi.unattempted > 0 ? `; ${formatNumber(report.batchApi.unattempted)} items its batches did not reach were sent normally` : ""}.
              </p>
            ) : null}
            <div className="flex flex-wrap items-center gap-2 border-t pt-4 text-sm">
              <span className="text-muted-foreground">Error kinds:</span>
              {Object.keys(report.errorKinds).length === 0 ? (
                <span>none</span>
              ) : (
                Object.entries(report.errorKinds)
                  .sort(([, a], [, b]) => b - a)
                  .map(([kind, count]) => (
                    <Badge key={kind} variant="destructive" className="font-mono">
                      {kind} × {formatNumber(count)}
                    </Badge>
                  ))
              )}
            </div>
          </div>
        )}
      </CardContent>
    </Card>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-base font-semibold tabular-nums">{children}</dd>
    </div>
  );
}
