"use client";

import { ArrowLeft, FileQuestionMark } from "lucide-react";
import Link from "next/link";
import { ComparisonRows } from "@/components/comparisons/comparison-rows";
import { QualityCostChart } from "@/components/comparisons/quality-cost-chart";
import { SuggestionCard } from "@/components/comparisons/suggestion-card";
import { VariantCards } from "@/components/comparisons/variant-cards";
import { ErrorState } from "@/components/error-state";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useComparison } from "@/lib/client/comparisons";
import { isNotFound } from "@/lib/client/queries";
import type { ComparisonStatus } from "@/lib/shared/comparison-types";
import { formatDate, formatPercent, plural } from "@/lib/shared/format";

const STATUS_BADGE: Record<ComparisonStatus, "info" | "success" | "destructive"> = { running: "info", completed: "success", failed: "destructive" };

export function ComparisonPageClient({ id }: { id: string }) {
  const { data, error, isPending, refetch } = useComparison(id);
  if (isPending) {
    return (
      <div className="space-y-6" aria-label="Loading comparison">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-48" />
        <Skeleton className="h-96" />
      </div>
    );
  }
  if (error) {
    return isNotFound(error) ? (
      <EmptyState
        icon={FileQuestionMark}
        title="Comparison not found"
        description="It may have been deleted with its dataset, or the link is wrong."
        action={
          <Button asChild variant="outline" size="sm">
            <Link href="/">Back to datasets</Link>
          </Button>
        }
      />
    ) : (
      <ErrorState error={error} title="Could not load the comparison" onRetry={() => void refetch()} />
    );
  }
  const sample = data.sampleSeed === null ? `the first ${plural(data.sampleRows.length, "row")}` : `${plural(data.sampleRows.length, "random row")} (seed ${data.sampleSeed})`;
  return (
    <div className="space-y-6">
      <Link href={`/datasets/${encodeURIComponent(data.datasetId)}`} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" aria-hidden /> {data.datasetName}
      </Link>
      <PageHeader
        title={`Comparing ${plural(data.variants.length, "variant")}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge variant={STATUS_BADGE[data.status]} data-testid="comparison-status">
              {data.status}
            </Badge>
            On {sample} · gate: {data.gate.metric} ≥ {formatPercent(data.gate.min, 0)} · {formatDate(data.createdAt)}
          </span>
        }
      />
      <VariantCards comparison={data} />
      <div className="grid gap-6 lg:grid-cols-2">
        <SuggestionCard comparison={data} />
        <QualityCostChart comparison={data} />
      </div>
      <ComparisonRows comparison={data} />
    </div>
  );
}
