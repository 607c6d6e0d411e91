"use client";

import { CircleCheck } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { ErrorState } from "@/components/error-state";
import { Pager } from "@/components/pager";
import { ReviewCard } from "@/components/review/review-card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useReview } from "@/lib/client/queries";
import { formatNumber } from "@/lib/shared/format";

const ITEMS_PER_PAGE = 20;

/** `runId` (from ?runId=) narrows the queue to one run's items. */
export function ReviewClient({ runId }: { runId?: string }) {
  const [offset, setOffset] = useState(0);
  const { data, error, isPending, refetch } = useReview(offset, ITEMS_PER_PAGE, runId);

  // Acting on the last items of the last page empties it: step back to a page that has items.
  useEffect(() => {
    if (data && offset > 0 && offset >= data.total) {
      setOffset(Math.max(0, Math.floor((data.total - 1) / ITEMS_PER_PAGE) * ITEMS_PER_PAGE));
    }
  }, [data, offset]);

  if (isPending) {
    return (
      <div className="space-y-4" aria-label="Loading the review queue">
        <Skeleton className="h-48 w-full" />
        <Skeleton className="h-48 w-full" />
      </div>
    );
  }
  if (error) return <ErrorState error={error} title="Could not load the review queue" onRetry={() => void refetch()} />;
  if (data.total === 0) {
    return (
      <EmptyState
        icon={CircleCheck}
        title="Nothing needs review"
        description="Items that keep failing after their retries will show up here."
      />
    );
  }

  return (
    <div className="space-y-4">
      <p className="text-sm text-muted-foreground">
        {formatNumber(data.total)} {data.total === 1 ? "item needs" : "items need"} a decision
        {runId ? (
          <>
            {" "}in this run ·{" "}
            <Link href="/review" className="underline underline-offset-4 hover:text-foreground">
              show every run
            </Link>
          </>
        ) : null}
        .
      </p>
      <ul data-testid="review-list" className="space-y-4">
        {data.items.map((item) => (
          <ReviewCard key={item.id} item={item} />
        ))}
      </ul>
      <Pager offset={data.offset} limit={data.limit} total={data.total} onOffsetChange={setOffset} noun="items" />
    </div>
  );
}
