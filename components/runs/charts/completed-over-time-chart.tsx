"use client";

import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { RunTimeline } from "@/lib/shared/api-types";
import { formatClockTime, formatNumber } from "@/lib/shared/format";
import { AXIS_TICK, CHART_HEIGHT, CHART_MARGIN, ChartCard, LEGEND_STYLE, TOOLTIP_STYLE, yAxisLabel, type ChartState } from "./chart-kit";
import type { TimePoint } from "./time-series";

/** Items completed so far over time, and while running a dashed line to the projected finish. */
export function CompletedOverTimeChart({ points, timeline, state }: { points: TimePoint[]; timeline: RunTimeline | null; state: ChartState }) {
  const projection = timeline?.projection ?? null;
  const first = points[0];
  const last = points.at(-1);
  // The line starts at zero when the run starts; each bucket's total holds at the bucket's end.
  const done = first ? [{ t: first.t, completed: 0 }, ...points.map((p) => ({ t: p.tEnd, completed: p.cumulativeCompleted }))] : [];
  const projected =
    projection && last
      ? [
          { t: last.tEnd, projected: last.cumulativeCompleted },
          { t: Date.parse(projection.finishAt), projected: projection.completed },
        ]
      : [];
  // Seconds on the ticks only while the whole axis (projection included) spans a few minutes.
  const axisEnd = projected.at(-1)?.t ?? last?.tEnd ?? 0;
  const withSeconds = first !== undefined && axisEnd - first.t < 10 * 60_000;
  const description = projection
    ? `Projected finish about ${formatClockTime(projection.finishAt)} at the recent pace (${formatNumber(timeline?.remaining ?? 0)} items left).`
    : "Items the model answered, over time.";
  return (
    <ChartCard testId="chart-completed" title="Items completed" description={description} state={state}>
      {() => (
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <ComposedChart margin={CHART_MARGIN}>
            <CartesianGrid vertical={false} stroke="var(--border)" />
            <XAxis
              dataKey="t"
              type="number"
              domain={["dataMin", "dataMax"]}
              tickCount={7}
              tickFormatter={(t: number) => formatClockTime(t, withSeconds)}
              tick={AXIS_TICK}
              tickLine={false}
              axisLine={false}
              minTickGap={24}
              allowDuplicatedCategory={false}
            />
            <YAxis tick={AXIS_TICK} tickLine={false} axisLine={false} allowDecimals={false} width={56} label={yAxisLabel("items")} />
            <Tooltip
              contentStyle={TOOLTIP_STYLE}
              labelFormatter={(t) => formatClockTime(Number(t), true)}
              formatter={(value) => formatNumber(Math.round(Number(value)))}
            />
            <Legend wrapperStyle={LEGEND_STYLE} />
            <Area
              data={done}
              dataKey="completed"
              name="Completed"
              type="linear"
              stroke="var(--chart-ok)"
              fill="var(--chart-ok)"
              fillOpacity={0.15}
              strokeWidth={2}
              isAnimationActive={false}
            />
            {projected.length > 0 ? (
              <Line
                data={projected}
                dataKey="projected"
                name="Projected"
                type="linear"
                stroke="var(--muted-foreground)"
                strokeDasharray="6 4"
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
              />
            ) : null}
          </ComposedChart>
        </ResponsiveContainer>
      )}
    </ChartCard>
  );
}
