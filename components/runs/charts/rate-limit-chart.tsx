"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatLatency, formatNumber } from "@/lib/shared/format";
import { AXIS_TICK, CHART_HEIGHT, CHART_MARGIN, ChartCard, LEGEND_STYLE, TOOLTIP_STYLE, yAxisLabel, type ChartState } from "./chart-kit";
import { describeBucket, type TimePoint } from "./time-series";

/** 429 answers per time bucket, and how long a call waited on average for leave to send. */
export function RateLimitChart({ points, bucketSeconds, state }: { points: TimePoint[]; bucketSeconds: number; state: ChartState }) {
  const total = points.reduce((sum, p) => sum + p.rateLimited, 0);
  return (
    <ChartCard
      testId="chart-rate-limits"
      title="Rate limiting"
      description={`429 answers per ${describeBucket(bucketSeconds)} (${formatNumber(total)} in all), and the average wait for the rate limiter per call.`}
      state={state}
    >
      {() => (
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <ComposedChart data={points} margin={CHART_MARGIN} barCategoryGap={1}>
            <CartesianGrid vertical={false} stroke="var(--border)" />
            <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} axisLine={false} minTickGap={24} />
            <YAxis yAxisId="hits" tick={AXIS_TICK} tickLine={false} axisLine={false} allowDecimals={false} width={48} label={yAxisLabel("429s")} />
            <YAxis
              yAxisId="wait"
              orientation="right"
              tick={AXIS_TICK}
              tickLine={false}
              axisLine={false}
              width={56}
              tickFormatter={(v: number) => `${Math.round(v)}`}
              label={yAxisLabel("wait, ms", "right")}
            />
            <Tooltip
              contentStyle={TOOLTIP_STYLE}
              formatter={(value, name) => (name === "Avg wait" ? formatLatency(Number(value)) : formatNumber(Number(value)))}
            />
            <Legend wrapperStyle={LEGEND_STYLE} />
            <Bar yAxisId="hits" dataKey="rateLimited" name="429s" fill="var(--chart-failed)" isAnimationActive={false} />
            <Line yAxisId="wait" dataKey="avgWaitMs" name="Avg wait" type="linear" stroke="var(--chart-rate)" strokeWidth={2} dot={false} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      )}
    </ChartCard>
  );
}
