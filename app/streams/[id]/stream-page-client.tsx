"use client";

import { CirclePause } from "lucide-react";
import { ErrorState } from "@/components/error-state";
import { PageHeader } from "@/components/page-header";
import { ItemsTable } from "@/components/runs/items-table";
import { ReviewSummaryCard } from "@/components/runs/review-summary-card";
import { ArrivalsChart } from "@/components/streams/arrivals-chart";
import { StreamControls } from "@/components/streams/stream-controls";
import { StreamFigures } from "@/components/streams/stream-figures";
import { StreamStatusBadge } from "@/components/streams/stream-status-badge";
import { WebhookDeliveries } from "@/components/streams/webhook-deliveries";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useCan, useRun } from "@/lib/client/queries";
import { useStream, useStreamStats } from "@/lib/client/stream-queries";
import { formatNumber, plural } from "@/lib/shared/format";
import type { StreamSummary } from "@/lib/shared/api-types";

export function StreamPageClient({ id }: { id: string }) {
  const { data: stream, error, refetch } = useStream(id);
  if (error) return <ErrorState error={error} title="Could not load this stream" onRetry={() => void refetch()} />;
  if (!stream) return <Skeleton className="h-64 w-full" aria-label="Loading the stream" />;
  return <StreamView stream={stream} />;
}

function StreamView({ stream }: { stream: StreamSummary }) {
  const active = stream.status !== "archived";
  const stats = useStreamStats(stream.id, active);
  const run = useRun(stream.runId);
  const canAct = useCan("operator");
  return (
    <div className="space-y-6">
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            <span className="break-words">{stream.name}</span> <StreamStatusBadge status={stream.status} />
          </span>
        }
        description={
          <>
            <span className="font-mono">{stream.model}</span> · batches of up to {stream.maxBatchSize}, or after {formatNumber(stream.maxWaitMs)} ms · {plural(stream.batches, "batch", "batches")} so far
          </>
        }
        actions={canAct ? <StreamControls stream={stream} /> : null}
      />
      {stream.status === "paused" && stream.pauseReason ? (
        <div role="status" className="flex gap-2 rounded-lg border border-warning/40 bg-warning/10 p-3 text-sm" data-testid="pause-reason">
          <CirclePause className="mt-0.5 size-4 shrink-0" aria-hidden />
          <span>
            {stream.pauseReason} Items arriving meanwhile wait in the queue ({formatNumber(stream.queueDepth)} now).
          </span>
        </div>
      ) : null}
      <StreamFigures stream={stream} stats={stats.data} />
      <ArrivalsChart stats={stats.data} error={stats.error} retry={() => void stats.refetch()} />
      {run.data ? <ReviewSummaryCard run={run.data} /> : null}
      {run.data ? <ItemsTable run={run.data} live={active} /> : <Skeleton className="h-40 w-full" />}
      <WebhookDeliveries stream={stream} canAct={canAct} />
      <SendItemsHelp stream={stream} />
    </div>
  );
}

/** How a script feeds the stream: the one request it needs. */
function SendItemsHelp({ stream }: { stream: StreamSummary }) {
  const example = JSON.stringify({ items: [{ key: "ticket-1", data: Object.fromEntries(stream.fields.map((f) => [f, "…"])) }] });
  return (
    <Card>
      <CardHeader>
        <CardTitle>Sending items</CardTitle>
        <CardDescription>1–1,000 items a request; a key already sent gets the first item&apos;s id back and is not processed again.</CardDescription>
      </CardHeader>
      <CardContent>
        <pre className="whitespace-pre-wrap break-all rounded-md bg-muted p-3 text-xs">
          {`curl -X POST $BATCHWISE/api/streams/${stream.id}/items \\\n  -H "authorization: Bearer $API_KEY" -H "content-type: application/json" \\\n  -d '${example}'`}
        </pre>
      </CardContent>
    </Card>
  );
}
