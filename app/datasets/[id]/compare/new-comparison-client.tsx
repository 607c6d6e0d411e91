"use client";

import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { ReadOnlyNote } from "@/components/auth/read-only-note";
import { OperatorOnly } from "@/components/auth/operator-only";
import { NewComparisonForm } from "@/components/comparisons/new-comparison-form";
import { ErrorState } from "@/components/error-state";
import { PageHeader } from "@/components/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { useDataset } from "@/lib/client/queries";
import { plural } from "@/lib/shared/format";

export function NewComparisonClient({ datasetId }: { datasetId: string }) {
  const { data, error, isPending, refetch } = useDataset(datasetId);
  if (isPending) return <Skeleton className="h-96" aria-label="Loading dataset" />;
  if (error) return <ErrorState error={error} title="Could not load the dataset" onRetry={() => void refetch()} />;
  return (
    <div className="space-y-6">
      <Link href={`/datasets/${encodeURIComponent(data.id)}`} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" aria-hidden /> {data.name}
      </Link>
      <PageHeader
        title="Compare models"
        description={`Up to 4 variants (model, prompt, output) on the same sample of ${plural(data.rowCount, "row")}; the cheapest that clears your quality gate is suggested.`}
      />
      <OperatorOnly fallback={<ReadOnlyNote title="Comparisons are started by operators" description="You can read and judge the comparisons of this dataset." />}>
        <NewComparisonForm dataset={data} />
      </OperatorOnly>
    </div>
  );
}
