"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { BinnedBatches } from "./batch-bins";
import { AXIS_TICK, CHART_HEIGHT, CHART_MARGIN, ChartCard, LEGEND_STYLE, TOOLTIP_STYLE, yAxisLabel, type ChartState } from "./chart-kit";

/** Items that succeeded or failed per batch (or per bin of batches), stacked. */
export function BatchOutcomesChart({ binned, state }: { binned: BinnedBatches | null; state: ChartState }) {
  const perBin = binned?.perBin ?? 1;
  return (
    <ChartCard
      testId="chart-batch-outcomes"
      title="Batch outcomes"
      description={perBin > 1 ? `Items that succeeded or failed, ${perBin} batches per bar.` : "Items that succeeded or failed in each batch."}
      state={state}
    >
      {() => (
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <BarChart data={binned?.bins ?? []} margin={CHART_MARGIN} barCategoryGap={perBin > 1 || (binned?.bins.length ?? 0) > 30 ? 1 : "15%"}>
            <CartesianGrid vertical={false} stroke="var(--border)" />
            <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} axisLine={false} minTickGap={16} />
            <YAxis tick={AXIS_TICK} tickLine={false} axisLine={false} allowDecimals={false} width={48} label={yAxisLabel("items")} />
            <Tooltip contentStyle={TOOLTIP_STYLE} labelFormatter={(label) => `Batch ${String(label)}`} />
            <Legend wrapperStyle={LEGEND_STYLE} />
            <Bar dataKey="ok" name="Succeeded" stackId="items" fill="var(--chart-ok)" isAnimationActive={false} />
            <Bar dataKey="failed" name="Failed" stackId="items" fill="var(--chart-failed)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartCard>
  );
}
