"use client";

import { Area, AreaChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatAxisUsd, formatUsd } from "@/lib/shared/format";
import { AXIS_TICK, CHART_HEIGHT, CHART_MARGIN, ChartCard, TOOLTIP_STYLE, yAxisLabel, type ChartState } from "./chart-kit";
import type { TimePoint } from "./time-series";

/** What the run has spent over time, against its budget when it has one. */
export function CostChart({
  points,
  budgetUsd,
  simulated,
  state,
}: {
  points: TimePoint[];
  budgetUsd: number | null;
  simulated: boolean;
  state: ChartState;
}) {
  const spent = points.at(-1)?.cumulativeCostUsd ?? 0;
  const description =
    budgetUsd === null
      ? `Spend so far: ${formatUsd(spent)}. No budget is set.`
      : `Spend so far: ${formatUsd(spent)} of a ${formatUsd(budgetUsd)} budget (${Math.round((spent / budgetUsd) * 100)}%).`;
  return (
    <ChartCard testId="chart-cost" title={`Cumulative cost${simulated ? " (simulated)" : ""}`} description={description} state={state}>
      {() => (
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <AreaChart data={points} margin={CHART_MARGIN}>
            <CartesianGrid vertical={false} stroke="var(--border)" />
            <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} axisLine={false} minTickGap={24} />
            <YAxis
              tick={AXIS_TICK}
              tickLine={false}
              axisLine={false}
              tickFormatter={formatAxisUsd}
              width={64}
              domain={[0, budgetUsd === null ? "auto" : Math.max(budgetUsd * 1.1, spent)]}
              label={yAxisLabel("$")}
            />
            <Tooltip contentStyle={TOOLTIP_STYLE} formatter={(value) => formatUsd(Number(value))} />
            {budgetUsd === null ? null : (
              <ReferenceLine
                y={budgetUsd}
                stroke="var(--chart-failed)"
                strokeDasharray="6 4"
                label={{ value: `Budget ${formatUsd(budgetUsd)}`, position: "insideTopLeft", fill: "var(--chart-failed)", fontSize: 11 }}
              />
            )}
            <Area
              dataKey="cumulativeCostUsd"
              name="Spent"
              type="linear"
              stroke="var(--chart-cost)"
              fill="var(--chart-cost)"
              fillOpacity={0.15}
              strokeWidth={2}
              isAnimationActive={false}
            />
          </AreaChart>
        </ResponsiveContainer>
      )}
    </ChartCard>
  );
}
