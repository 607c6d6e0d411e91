"use client";

import { ChartColumn } from "lucide-react";
import type { CSSProperties, ReactNode } from "react";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ErrorState } from "@/components/error-state";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import type { BatchRow } from "@/lib/shared/api-types";
import { useRunBatches } from "@/lib/client/queries";
import { formatUsd } from "@/lib/shared/format";

const CHART_HEIGHT = 220;
const AXIS_TICK = { fill: "var(--muted-foreground)", fontSize: 11 };
const TOOLTIP_STYLE: CSSProperties = {
  background: "var(--popover)",
  border: "1px solid var(--border)",
  borderRadius: 8,
  fontSize: 12,
  color: "var(--popover-foreground)",
};

interface BatchPoint {
  label: string;
  ok: number;
  failed: number;
  errorRate: number;
  cost: number;
  cumulativeCost: number;
}

/** One point per batch in execution order; retry passes are labelled "R1·3" (retry pass 1, batch 3). */
export function toBatchPoints(batches: BatchRow[]): BatchPoint[] {
  const sorted = [...batches].sort((a, b) => a.pass - b.pass || a.number - b.number);
  const firstPass = sorted[0]?.pass ?? 0;
  let cumulativeCost = 0;
  return sorted.map((batch) => {
    cumulativeCost += batch.costUsd;
    const done = batch.ok + batch.failed;
    return {
      label: batch.pass === firstPass ? String(batch.number) : `R${batch.pass - firstPass}·${batch.number}`,
      ok: batch.ok,
      failed: batch.failed,
      errorRate: done > 0 ? (batch.failed / done) * 100 : 0,
      cost: batch.costUsd,
      cumulativeCost,
    };
  });
}

/** Axis ticks need two significant digits, not six decimals. */
function formatAxisUsd(value: number): string {
  return value === 0 ? "$0" : `$${Number(value.toPrecision(2))}`;
}

export function RunCharts({ runId, live, simulated }: { runId: string; live: boolean; simulated: boolean }) {
  const { data, error, isPending, refetch } = useRunBatches(runId, live);
  const points = data ? toBatchPoints(data.items) : [];

  let body: (chart: "outcomes" | "cost") => ReactNode;
  if (isPending) body = () => <Skeleton style={{ height: CHART_HEIGHT }} />;
  else if (error) body = () => <ErrorState error={error} title="Could not load batches" onRetry={() => void refetch()} />;
  else if (points.length === 0)
    body = () => <EmptyState icon={ChartColumn} title="No batches yet" description="Charts fill in as batches finish." className="py-12" />;
  else body = (chart) => (chart === "outcomes" ? <OutcomesChart points={points} /> : <CostChart points={points} />);

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card>
        <CardHeader>
          <CardTitle>Batch outcomes</CardTitle>
          <CardDescription>Items that succeeded or failed in each batch, and the batch&apos;s error rate.</CardDescription>
        </CardHeader>
        <CardContent>{body("outcomes")}</CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Cost over batches{simulated ? " (simulated)" : ""}</CardTitle>
          <CardDescription>Spend per batch and the running total.</CardDescription>
        </CardHeader>
        <CardContent>{body("cost")}</CardContent>
      </Card>
    </div>
  );
}

function OutcomesChart({ points }: { points: BatchPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      <ComposedChart data={points} margin={{ top: 4, right: 4, bottom: 0, left: -16 }}>
        <CartesianGrid vertical={false} stroke="var(--border)" />
        <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} axisLine={false} minTickGap={12} />
        <YAxis yAxisId="items" tick={AXIS_TICK} tickLine={false} axisLine={false} allowDecimals={false} />
        <YAxis yAxisId="rate" orientation="right" domain={[0, 100]} unit="%" tick={AXIS_TICK} tickLine={false} axisLine={false} width={44} />
        <Tooltip
          contentStyle={TOOLTIP_STYLE}
          labelFormatter={(label) => `Batch ${String(label)}`}
          formatter={(value, name) => (name === "Error rate" ? `${Number(value).toFixed(1)}%` : String(value))}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar yAxisId="items" dataKey="ok" name="Succeeded" stackId="items" fill="var(--chart-ok)" isAnimationActive={false} />
        <Bar yAxisId="items" dataKey="failed" name="Failed" stackId="items" fill="var(--chart-failed)" isAnimationActive={false} />
        <Line
          yAxisId="rate"
          dataKey="errorRate"
          name="Error rate"
          type="monotone"
          stroke="var(--chart-rate)"
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

function CostChart({ points }: { points: BatchPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      <ComposedChart data={points} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke="var(--border)" />
        <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} axisLine={false} minTickGap={12} />
        <YAxis yAxisId="total" tick={AXIS_TICK} tickLine={false} axisLine={false} tickFormatter={formatAxisUsd} width={64} />
        <YAxis yAxisId="batch" orientation="right" tick={AXIS_TICK} tickLine={false} axisLine={false} tickFormatter={formatAxisUsd} width={64} />
        <Tooltip contentStyle={TOOLTIP_STYLE} labelFormatter={(label) => `Batch ${String(label)}`} formatter={(value) => formatUsd(Number(value))} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar yAxisId="batch" dataKey="cost" name="Batch cost" fill="var(--chart-cost)" fillOpacity={0.25} isAnimationActive={false} />
        <Line
          yAxisId="total"
          dataKey="cumulativeCost"
          name="Total cost"
          type="monotone"
          stroke="var(--chart-cost)"
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
