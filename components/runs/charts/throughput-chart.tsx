"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, CHART_HEIGHT, CHART_MARGIN, ChartCard, TOOLTIP_STYLE, yAxisLabel, type ChartState } from "./chart-kit";
import { describeBucket, type TimePoint } from "./time-series";

const perMinute = (value: number) => (value >= 100 ? String(Math.round(value)) : String(Number(value.toPrecision(2))));

/** Completed items per minute, per time bucket. */
export function ThroughputChart({ points, bucketSeconds, state }: { points: TimePoint[]; bucketSeconds: number; state: ChartState }) {
  return (
    <ChartCard testId="chart-throughput" title="Throughput" description={`Items completed per minute, in ${describeBucket(bucketSeconds)} steps.`} state={state}>
      {() => (
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <BarChart data={points} margin={CHART_MARGIN} barCategoryGap={1}>
            <CartesianGrid vertical={false} stroke="var(--border)" />
            <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} axisLine={false} minTickGap={24} />
            <YAxis tick={AXIS_TICK} tickLine={false} axisLine={false} tickFormatter={perMinute} width={56} label={yAxisLabel("items/min")} />
            <Tooltip contentStyle={TOOLTIP_STYLE} formatter={(value) => `${perMinute(Number(value))} items/min`} />
            <Bar dataKey="itemsPerMinute" name="Throughput" fill="var(--chart-ok)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartCard>
  );
}
