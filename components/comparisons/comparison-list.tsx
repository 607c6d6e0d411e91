"use client";

import { GitCompareArrows } from "lucide-react";
import Link from "next/link";
import { ErrorState } from "@/components/error-state";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useComparisons } from "@/lib/client/comparisons";
import { formatDate, formatPercent, plural } from "@/lib/shared/format";

/** A dataset's comparisons, newest first: where a person finds one again. */
export function ComparisonList({ datasetId }: { datasetId: string }) {
  const { data, error, isPending, refetch } = useComparisons(datasetId);
  if (isPending) return <Skeleton className="h-24" />;
  if (error) return <ErrorState error={error} title="Could not load the comparisons" onRetry={() => void refetch()} />;
  if (data.items.length === 0) return null;
  return (
    <Card data-testid="comparison-list">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <GitCompareArrows className="size-4" aria-hidden /> Comparisons
        </CardTitle>
        <CardDescription>Models and prompts compared on samples of this dataset.</CardDescription>
      </CardHeader>
      <CardContent>
        <ul className="divide-y">
          {data.items.map((comparison) => (
            <li key={comparison.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
              <Link href={`/comparisons/${encodeURIComponent(comparison.id)}`} className="min-w-0 font-medium underline-offset-2 hover:underline">
                {comparison.models.join(" vs ")}
              </Link>
              <span className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                <Badge variant={comparison.status === "completed" ? "success" : comparison.status === "failed" ? "destructive" : "info"}>{comparison.status}</Badge>
                {plural(comparison.sampleSize, "row")} · {comparison.gate.metric} ≥ {formatPercent(comparison.gate.min, 0)} · {formatDate(comparison.createdAt)}
              </span>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
