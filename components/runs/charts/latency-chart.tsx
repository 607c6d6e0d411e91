"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatLatency } from "@/lib/shared/format";
import { AXIS_TICK, CHART_HEIGHT, CHART_MARGIN, ChartCard, LEGEND_STYLE, TOOLTIP_STYLE, yAxisLabel, type ChartState } from "./chart-kit";
import { describeBucket, type TimePoint } from "./time-series";

/** Median and 95th-percentile call latency per time bucket. */
export function LatencyChart({ points, bucketSeconds, state }: { points: TimePoint[]; bucketSeconds: number; state: ChartState }) {
  return (
    <ChartCard testId="chart-latency" title="Latency" description={`Median (p50) and p95 time of a model call, per ${describeBucket(bucketSeconds)}.`} state={state}>
      {() => (
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <LineChart data={points} margin={CHART_MARGIN}>
            <CartesianGrid vertical={false} stroke="var(--border)" />
            <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} axisLine={false} minTickGap={24} />
            <YAxis tick={AXIS_TICK} tickLine={false} axisLine={false} width={56} tickFormatter={(v: number) => `${Math.round(v)}`} label={yAxisLabel("ms")} />
            <Tooltip contentStyle={TOOLTIP_STYLE} formatter={(value) => formatLatency(Number(value))} />
            <Legend wrapperStyle={LEGEND_STYLE} />
            <Line dataKey="latencyP50Ms" name="p50" type="linear" stroke="var(--chart-cost)" strokeWidth={2} dot={false} isAnimationActive={false} />
            <Line dataKey="latencyP95Ms" name="p95" type="linear" stroke="var(--chart-rate)" strokeWidth={2} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      )}
    </ChartCard>
  );
}
