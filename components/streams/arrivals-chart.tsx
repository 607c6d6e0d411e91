"use client";

import { Activity } from "lucide-react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, CHART_HEIGHT, CHART_MARGIN, ChartCard, LEGEND_STYLE, TOOLTIP_STYLE, yAxisLabel, type ChartState } from "@/components/runs/charts/chart-kit";
import type { StreamStats } from "@/lib/shared/api-types";
import { formatClockTime } from "@/lib/shared/format";

/** Arrivals against results per minute: a gap between the lines is the queue growing. */
export function ArrivalsChart({ stats, error, retry }: { stats: StreamStats | undefined; error: unknown; retry: () => void }) {
  const points = (stats?.arrivalsPerMinute ?? []).map((p) => ({ ...p, label: formatClockTime(p.minute) }));
  const state: ChartState = error
    ? { kind: "error", error, retry }
    : !stats
      ? { kind: "loading" }
      : points.every((p) => p.arrivals === 0 && p.completed === 0)
        ? { kind: "empty", icon: Activity, title: "Nothing arrived lately", description: `No items in the last ${stats.windowMinutes} minutes.` }
        : { kind: "ready" };
  return (
    <ChartCard testId="chart-arrivals" title="Arrivals and results" description={`Items per minute, the last ${stats?.windowMinutes ?? 30} minutes.`} state={state}>
      {() => (
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <LineChart data={points} margin={CHART_MARGIN}>
            <CartesianGrid vertical={false} stroke="var(--border)" />
            <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} axisLine={false} minTickGap={24} />
            <YAxis tick={AXIS_TICK} tickLine={false} axisLine={false} allowDecimals={false} width={48} label={yAxisLabel("items/min")} />
            <Tooltip contentStyle={TOOLTIP_STYLE} />
            <Legend wrapperStyle={LEGEND_STYLE} />
            <Line dataKey="arrivals" name="Arrived" stroke="var(--chart-cost)" strokeDasharray="4 3" dot={false} isAnimationActive={false} />
            <Line dataKey="completed" name="Answered" stroke="var(--chart-ok)" dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      )}
    </ChartCard>
  );
}
