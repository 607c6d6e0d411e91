"use client";

import { Radio } from "lucide-react";
import Link from "next/link";
import { ErrorState } from "@/components/error-state";
import { StreamStatusBadge } from "@/components/streams/stream-status-badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useStreams } from "@/lib/client/stream-queries";
import { formatNumber, formatUsd } from "@/lib/shared/format";

export function StreamsList() {
  const { data, error, isPending, refetch } = useStreams();
  if (isPending) return <Skeleton className="h-24 w-full" aria-label="Loading streams" />;
  if (error) return <ErrorState error={error} title="Could not load streams" onRetry={() => void refetch()} />;
  if (data.items.length === 0) {
    return <EmptyState icon={Radio} title="No streams yet" description="Create one below, then send it items with POST /api/streams/:id/items." />;
  }
  return (
    <ul className="grid gap-3 sm:grid-cols-2" data-testid="streams-list">
      {data.items.map((stream) => (
        <li key={stream.id}>
          <Card className="space-y-2 p-4">
            <div className="flex items-center justify-between gap-2">
              <Link href={`/streams/${stream.id}`} className="truncate font-medium underline-offset-4 hover:underline focus-visible:underline">
                {stream.name}
              </Link>
              <StreamStatusBadge status={stream.status} />
            </div>
            <p className="text-xs text-muted-foreground">
              {formatNumber(stream.total)} items · {formatNumber(stream.queueDepth)} queued · {formatUsd(stream.cost.usd)} · <span className="font-mono">{stream.model}</span>
            </p>
          </Card>
        </li>
      ))}
    </ul>
  );
}
