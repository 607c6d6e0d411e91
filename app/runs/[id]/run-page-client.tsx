"use client";

import { useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, CircleExclamationPoint, FileQuestionMark, PencilLine } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { ErrorState } from "@/components/error-state";
import { PageHeader } from "@/components/page-header";
import { ItemsTable } from "@/components/runs/items-table";
import { ProjectionCard } from "@/components/runs/projection-card";
import { ReportCard } from "@/components/runs/report-card";
import { RemoteBatchesCard } from "@/components/runs/remote-batches-card";
import { ReviewSummaryCard } from "@/components/runs/review-summary-card";
import { RunCharts } from "@/components/runs/charts/run-charts";
import { OperatorOnly } from "@/components/auth/operator-only";
import { RunControls } from "@/components/runs/run-controls";
import { RunProgress } from "@/components/runs/run-progress";
import { RunStatusBadge } from "@/components/status-badge";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import type { PauseKind, RunStatus, RunSummary } from "@/lib/shared/api-types";
import { isNotFound, isRunActive, queryKeys, useRun } from "@/lib/client/queries";
import { formatDate } from "@/lib/shared/format";
import { cn } from "@/lib/client/cn";

/** When a run ends, fetch its items, batches and report once more: the last poll may predate the end. */
function useRefreshWhenRunEnds(id: string, status: RunStatus | undefined) {
  const queryClient = useQueryClient();
  const previous = useRef<RunStatus | undefined>(undefined);
  useEffect(() => {
    if (isRunActive(previous.current) && status !== undefined && !isRunActive(status)) {
      void queryClient.invalidateQueries({ queryKey: queryKeys.run(id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.runList });
      void queryClient.invalidateQueries({ queryKey: queryKeys.review });
    }
    previous.current = status;
  }, [id, status, queryClient]);
}

export function RunPageClient({ id }: { id: string }) {
  const { data: run, error, isPending, refetch } = useRun(id);
  useRefreshWhenRunEnds(id, run?.status);

  if (isPending) return <RunSkeleton />;
  if (error) {
    return isNotFound(error) ? (
      <EmptyState
        icon={FileQuestionMark}
        title="Run not found"
        description="The link may be wrong, or the run was removed."
        action={
          <Button asChild variant="outline" size="sm">
            <Link href="/runs">All runs</Link>
          </Button>
        }
      />
    ) : (
      <ErrorState error={error} title="Could not load the run" onRetry={() => void refetch()} />
    );
  }

  const live = isRunActive(run.status);
  const isSample = run.kind === "sample";
  return (
    <div className="space-y-6">
      <Link href="/runs" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" aria-hidden /> Runs
      </Link>
      <PageHeader
        title={`${isSample ? "Sample" : "Full"} run · ${run.datasetName}`}
        description={<RunMeta run={run} />}
        actions={
          <OperatorOnly>
            <Button asChild variant="outline" size="sm">
              <Link href={`/datasets/${encodeURIComponent(run.datasetId)}?from=${encodeURIComponent(run.id)}`} data-testid="edit-and-run-again">
                <PencilLine aria-hidden /> Edit and run again
              </Link>
            </Button>
            <RunControls run={run} />
          </OperatorOnly>
        }
      />
      {run.pauseReason ? <PauseReason run={run} /> : null}
      <div className={cn("grid grid-cols-1 items-stretch gap-6", isSample && "lg:grid-cols-[minmax(0,1fr)_320px]")}>
        <RunProgress run={run} />
        {isSample ? <ProjectionCard run={run} /> : null}
      </div>
      {run.settings.mode === "batch" ? <RemoteBatchesCard runId={run.id} live={live} simulated={run.simulated} /> : null}
      {!live ? <ReviewSummaryCard run={run} /> : null}
      {!live ? <ReportCard run={run} /> : null}
      <RunCharts runId={run.id} live={live} simulated={run.simulated} />
      <ItemsTable run={run} live={live} />
    </div>
  );
}

function RunMeta({ run }: { run: RunSummary }) {
  return (
    <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
      <RunStatusBadge status={run.status} data-testid="run-status" />
      <span>
        Model <span className="font-mono text-foreground">{run.settings.model}</span>
        <span data-testid="run-provider"> on {run.provider.name}</span>
      </span>
      <span data-testid="run-output-shape">{outputShapeWords(run)}</span>
      <span>{run.executor === "inngest" ? "Inngest executor" : "Local executor"}</span>
      <span>
        Created {formatDate(run.createdAt)}
        {run.createdBy ? ` by ${run.createdBy}` : ""}
      </span>
      <Link href={`/datasets/${run.datasetId}`} className="underline underline-offset-4 hover:text-foreground">
        Dataset
      </Link>
      {run.sourceRunId ? (
        <Link href={`/runs/${run.sourceRunId}`} className="underline underline-offset-4 hover:text-foreground">
          Source sample
        </Link>
      ) : null}
      {run.settings.mode === "batch" ? <Badge variant="info">Batch API</Badge> : null}
      {run.simulated ? <Badge variant="warning">Simulated</Badge> : null}
    </span>
  );
}

/** How the run asked the model to answer. */
function outputShapeWords(run: RunSummary): string {
  if (run.settings.labels) return `Labels: ${run.settings.labels.join(", ")}`;
  return run.settings.outputSchema ? "JSON schema" : "Free text";
}

const PAUSE_TITLES: Record<PauseKind, string> = {
  person: "Run paused",
  breaker: "Paused by the error-rate breaker",
  budget: "Stopped by budget",
  execution: "Paused after repeated errors",
};

function PauseReason({ run }: { run: RunSummary }) {
  const paused = run.status === "paused";
  return (
    <div
      role="status"
      data-testid="pause-reason"
      className={cn(
        "flex gap-3 rounded-lg border p-4 text-sm",
        paused ? "border-warning/50 bg-warning/10" : "border-border bg-muted/40",
      )}
    >
      <CircleExclamationPoint className="mt-0.5 size-4 shrink-0" aria-hidden />
      <div>
        <p className="font-medium">{paused ? PAUSE_TITLES[run.pauseKind ?? "person"] : "Why the run stopped"}</p>
        <p className="text-muted-foreground">{run.pauseReason}</p>
      </div>
    </div>
  );
}

function RunSkeleton() {
  return (
    <div className="space-y-6" aria-label="Loading run">
      <Skeleton className="h-8 w-80" />
      <Skeleton className="h-56 w-full" />
      <div className="grid gap-6 lg:grid-cols-2">
        <Skeleton className="h-64" />
        <Skeleton className="h-64" />
      </div>
    </div>
  );
}
