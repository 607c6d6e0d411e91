"use client";

import { CloudUpload } from "lucide-react";
import { ErrorState } from "@/components/error-state";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useRemoteBatches } from "@/lib/client/queries";
import type { RemoteBatchStatus, RemoteBatchView } from "@/lib/shared/api-types";
import { formatDate, formatNumber, formatUsd } from "@/lib/shared/format";

type BadgeVariant = "secondary" | "info" | "success" | "warning" | "destructive" | "outline";

const STATUS_VARIANT: Record<RemoteBatchStatus, BadgeVariant> = {
  planned: "outline",
  validating: "secondary",
  in_progress: "info",
  finalizing: "info",
  completed: "success",
  failed: "destructive",
  expired: "warning",
  cancelling: "warning",
  cancelled: "secondary",
  empty: "outline",
};

/** "in progress 120/500", "completed", "expired" */
export function remoteBatchStatusWords(batch: RemoteBatchView): string {
  if (batch.status === "in_progress") return `in progress ${formatNumber(batch.completedCount + batch.failedCount)}/${formatNumber(batch.requestCount)}`;
  if (batch.status === "planned") return "not yet submitted";
  return batch.status.replace("_", " ");
}

/** A batch-mode run's Batch API batches: where each stands and what it cost at the discounted price. */
export function RemoteBatchesCard({ runId, live, simulated }: { runId: string; live: boolean; simulated: boolean }) {
  const { data, error, isPending, refetch } = useRemoteBatches(runId, live);
  const batches = data?.items ?? [];
  return (
    <Card data-testid="remote-batches-card">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <CloudUpload className="size-4" aria-hidden /> Batch API
        </CardTitle>
        <CardDescription>
          Remote batches at half price{simulated ? " (simulated)" : ""}. Results usually arrive within hours, at most 24 h; what a batch does not answer is sent normally.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {isPending ? (
          <Skeleton className="h-20" />
        ) : error ? (
          <ErrorState error={error} title="Could not load the remote batches" onRetry={() => void refetch()} />
        ) : batches.length === 0 ? (
          <p className="text-sm text-muted-foreground">No remote batch yet: the first one is written as the run starts.</p>
        ) : (
          <div className="overflow-x-auto">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Batch</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead className="text-right">Requests</TableHead>
                  <TableHead className="text-right">Answered</TableHead>
                  <TableHead className="text-right">Cost</TableHead>
                  <TableHead className="hidden sm:table-cell">Submitted</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {batches.map((batch) => (
                  <TableRow key={`${batch.pass}-${batch.number}`} data-testid="remote-batch-row">
                    <TableCell className="tabular-nums">
                      {batch.number}
                      {batch.pass > 0 ? <span className="text-muted-foreground"> · retry {batch.pass}</span> : null}
                    </TableCell>
                    <TableCell>
                      <Badge variant={STATUS_VARIANT[batch.status] ?? "outline"} data-testid="remote-batch-status">
                        {remoteBatchStatusWords(batch)}
                      </Badge>
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{formatNumber(batch.requestCount)}</TableCell>
                    <TableCell className="text-right tabular-nums">
                      {batch.settled ? (
                        <span title={`${formatNumber(batch.errored)} failed, ${formatNumber(batch.unattempted)} never run`}>{formatNumber(batch.answered)}</span>
                      ) : (
                        "—"
                      )}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{batch.settled ? formatUsd(batch.costUsd) : "—"}</TableCell>
                    <TableCell className="hidden text-muted-foreground sm:table-cell">{batch.submittedAt ? formatDate(batch.submittedAt) : "—"}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
