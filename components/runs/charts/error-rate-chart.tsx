"use client";

import { CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatPercent } from "@/lib/shared/format";
import type { BinnedBatches } from "./batch-bins";
import { AXIS_TICK, CHART_HEIGHT, CHART_MARGIN, ChartCard, LEGEND_STYLE, TOOLTIP_STYLE, yAxisLabel, type ChartState } from "./chart-kit";

/**
 * The failed share per batch against the breaker's threshold, which pauses the run when one batch
 * goes above it. With several batches per bar, the worst single batch is drawn too: a bin's
 * average can hide the batch that tripped the breaker.
 */
export function ErrorRateChart({ binned, threshold, state }: { binned: BinnedBatches | null; threshold: number | null; state: ChartState }) {
  const binnedBars = (binned?.perBin ?? 1) > 1;
  const thresholdPercent = threshold === null ? null : threshold * 100;
  return (
    <ChartCard
      testId="chart-error-rate"
      title="Error rate"
      description={
        thresholdPercent === null
          ? "Failed share of each batch's items."
          : `Failed share of each batch's items. A batch above ${formatPercent(threshold ?? 0, 0)} pauses the run.`
      }
      state={state}
    >
      {() => (
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <ComposedChart data={binned?.bins ?? []} margin={CHART_MARGIN}>
            <CartesianGrid vertical={false} stroke="var(--border)" />
            <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} axisLine={false} minTickGap={16} />
            <YAxis
              domain={[0, 100]}
              ticks={[0, 25, 50, 75, 100]}
              tickFormatter={(v: number) => `${v}%`}
              tick={AXIS_TICK}
              tickLine={false}
              axisLine={false}
              width={48}
              label={yAxisLabel("%")}
            />
            <Tooltip contentStyle={TOOLTIP_STYLE} labelFormatter={(label) => `Batch ${String(label)}`} formatter={(value) => `${Number(value).toFixed(1)}%`} />
            <Legend wrapperStyle={LEGEND_STYLE} />
            {thresholdPercent === null ? null : (
              <ReferenceLine
                y={thresholdPercent}
                stroke="var(--chart-failed)"
                strokeDasharray="6 4"
                ifOverflow="extendDomain"
                label={{ value: `Breaker ${formatPercent(threshold ?? 0, 0)}`, position: "insideTopRight", fill: "var(--chart-failed)", fontSize: 11 }}
              />
            )}
            <Line dataKey="errorRate" name="Error rate" type="linear" stroke="var(--chart-rate)" strokeWidth={2} dot={false} isAnimationActive={false} />
            {binnedBars ? (
              <Line dataKey="worstErrorRate" name="Worst batch in bar" type="linear" stroke="var(--chart-failed)" strokeWidth={1} strokeOpacity={0.6} dot={false} isAnimationActive={false} />
            ) : null}
          </ComposedChart>
        </ResponsiveContainer>
      )}
    </ChartCard>
  );
}
