"use client";

import { ArrowLeft, FileQuestionMark, GitCompareArrows, ListChecks } from "lucide-react";
import Link from "next/link";
import { ComparisonList } from "@/components/comparisons/comparison-list";
import { ColumnList } from "@/components/datasets/column-list";
import { DatasetActions } from "@/components/datasets/dataset-actions";
import { DatasetRows } from "@/components/datasets/dataset-rows";
import { ErrorState } from "@/components/error-state";
import { PageHeader } from "@/components/page-header";
import { NewRunForm } from "@/components/runs/new-run-form";
import { OperatorOnly } from "@/components/auth/operator-only";
import { ReadOnlyNote } from "@/components/auth/read-only-note";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { formatDate, plural } from "@/lib/shared/format";
import { isNotFound, useDataset } from "@/lib/client/queries";

export function DatasetPageClient({ id, fromRunId = null }: { id: string; fromRunId?: string | null }) {
  const { data, error, isPending, refetch } = useDataset(id);

  if (isPending) return <DatasetSkeleton />;
  if (error) {
    return isNotFound(error) ? (
      <EmptyState
        icon={FileQuestionMark}
        title="Dataset not found"
        description="It may have been deleted, or the link is wrong."
        action={
          <Button asChild variant="outline" size="sm">
            <Link href="/">Back to datasets</Link>
          </Button>
        }
      />
    ) : (
      <ErrorState error={error} title="Could not load the dataset" onRetry={() => void refetch()} />
    );
  }

  return (
    <div className="space-y-6">
      <Link href="/" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" aria-hidden /> Datasets
      </Link>
      <PageHeader
        title={data.name}
        description={`${plural(data.rowCount, "row")} · ${plural(data.columns.length, "column")} · uploaded ${formatDate(data.createdAt)}${data.createdBy ? ` by ${data.createdBy}` : ""}`}
        actions={
          <>
            <Button asChild variant="outline" size="sm">
              <Link href={`/runs?datasetId=${encodeURIComponent(data.id)}`}>
                <ListChecks aria-hidden /> Its runs
              </Link>
            </Button>
            <OperatorOnly>
              <Button asChild variant="outline" size="sm">
                <Link href={`/datasets/${encodeURIComponent(data.id)}/compare`}>
                  <GitCompareArrows aria-hidden /> Compare models
                </Link>
              </Button>
              <DatasetActions dataset={data} />
            </OperatorOnly>
          </>
        }
      />
      <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-[minmax(0,1fr)_420px]">
        <div className="min-w-0 space-y-6">
          <ComparisonList datasetId={data.id} />
          <ColumnList dataset={data} />
          <DatasetRows dataset={data} />
        </div>
        <div className="xl:sticky xl:top-20">
          <OperatorOnly fallback={<ReadOnlyNote title="Runs are launched by operators" description="You can read this dataset and the runs made from it." />}>
            <NewRunForm dataset={data} fromRunId={fromRunId} />
          </OperatorOnly>
        </div>
      </div>
    </div>
  );
}

function DatasetSkeleton() {
  return (
    <div className="space-y-6" aria-label="Loading dataset">
      <Skeleton className="h-8 w-64" />
      <Skeleton className="h-5 w-96" />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_420px]">
        <Skeleton className="h-96" />
        <Skeleton className="h-96" />
      </div>
    </div>
  );
}
