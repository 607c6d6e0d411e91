"use client";

// The run page's charts: per-batch series from GET /api/runs/:id/batches (binned past
// MAX_BATCH_BARS), time series from GET /api/runs/:id/timeline; both polled while the run is live.
import { ChartColumn, Timer } from "lucide-react";
import { useMemo } from "react";
import { useRunBatches, useRunTimeline } from "@/lib/client/queries";
import { binBatches } from "./batch-bins";
import { BatchOutcomesChart } from "./batch-outcomes-chart";
import type { ChartState } from "./chart-kit";
import { CompletedOverTimeChart } from "./completed-over-time-chart";
import { CostChart } from "./cost-chart";
import { ErrorRateChart } from "./error-rate-chart";
import { LatencyChart } from "./latency-chart";
import { RateLimitChart } from "./rate-limit-chart";
import { ThroughputChart } from "./throughput-chart";
import { toTimePoints } from "./time-series";

/** Time buckets asked for: about one bar per 10 px of a laptop-wide card. */
const TIMELINE_BUCKETS = 60;

function queryState(query: { isPending: boolean; error: unknown; refetch: () => unknown }, empty: boolean, emptyState: Omit<Extract<ChartState, { kind: "empty" }>, "kind">): ChartState {
  if (query.isPending) return { kind: "loading" };
  if (query.error) return { kind: "error", error: query.error, retry: () => void query.refetch() };
  if (empty) return { kind: "empty", ...emptyState };
  return { kind: "ready" };
}

export function RunCharts({ runId, live, simulated }: { runId: string; live: boolean; simulated: boolean }) {
  const batches = useRunBatches(runId, live);
  const timeline = useRunTimeline(runId, live, TIMELINE_BUCKETS);
  const binned = useMemo(() => (batches.data ? binBatches(batches.data.items) : null), [batches.data]);
  const points = useMemo(() => (timeline.data ? toTimePoints(timeline.data) : []), [timeline.data]);

  const batchState = queryState(batches, (binned?.bins.length ?? 0) === 0, {
    icon: ChartColumn,
    title: "No batches yet",
    description: "Charts fill in as batches finish.",
  });
  const noCalls = points.every((p) => p.attempts === 0);
  const timeState = queryState(timeline, noCalls, { icon: Timer, title: "No model calls yet", description: "Charts fill in as answers come back." });
  const bucketSeconds = timeline.data?.bucketSeconds ?? 0;

  return (
    <div className="grid gap-6 lg:grid-cols-2" data-testid="run-charts">
      <div className="min-w-0 lg:col-span-2">
        <CompletedOverTimeChart points={points} timeline={timeline.data ?? null} state={timeState} />
      </div>
      <BatchOutcomesChart binned={binned} state={batchState} />
      <ErrorRateChart binned={binned} threshold={timeline.data?.errorThreshold ?? null} state={batchState} />
      <ThroughputChart points={points} bucketSeconds={bucketSeconds} state={timeState} />
      <LatencyChart points={points} bucketSeconds={bucketSeconds} state={timeState} />
      <RateLimitChart points={points} bucketSeconds={bucketSeconds} state={timeState} />
      <CostChart points={points} budgetUsd={timeline.data?.budgetUsd ?? null} simulated={simulated} state={timeState} />
    </div>
  );
}
