"use client";

import { CartesianGrid, LabelList, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from "recharts";
import { AXIS_TICK, CHART_HEIGHT, TOOLTIP_STYLE, yAxisLabel } from "@/components/runs/charts/chart-kit";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { ComparisonDetail } from "@/lib/shared/comparison-types";
import { formatAxisUsd, formatPercent, formatUsd } from "@/lib/shared/format";

interface Point {
  /** The variant's number, written beside its point (the names are in the legend below). */
  name: string;
  model: string;
  cost: number;
  quality: number;
}

/** Cost per item against the gate's metric: the cheapest point above the dashed line is the one to pick. */
export function QualityCostChart({ comparison }: { comparison: ComparisonDetail }) {
  const metric = comparison.gate.metric;
  const points: Point[] = comparison.variants.flatMap((variant) => {
    const quality = metric === "agreement" ? variant.agreement : variant.approvalRate;
    // A log scale needs a cost above zero; a variant that spent nothing has no point.
    if (quality === null || variant.costPerItemUsd === null || variant.costPerItemUsd <= 0) return [];
    return [{ name: String(variant.index + 1), model: variant.model, cost: variant.costPerItemUsd, quality: quality * 100 }];
  });
  const axis = metric === "agreement" ? "agreement %" : "approval %";
  // Each variant's own cost is the tick under it: a log axis's round ticks would fall between them.
  const ticks = [...new Set(points.map((point) => point.cost))].sort((a, b) => a - b);
  return (
    <Card data-testid="quality-cost-chart">
      <CardHeader>
        <CardTitle>Cost per item vs {metric}</CardTitle>
        <CardDescription>
          The dashed line is the gate ({metric} ≥ {formatPercent(comparison.gate.min, 0)}).
        </CardDescription>
      </CardHeader>
      <CardContent>
        {points.length === 0 ? (
          <p className="py-12 text-center text-sm text-muted-foreground" style={{ minHeight: CHART_HEIGHT / 2 }}>
            {metric === "approval" ? "Judge some rows to see approval against cost." : "Points appear as the variants answer (free text has no agreement score)."}
          </p>
        ) : (
          <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
            <ScatterChart margin={{ top: 16, right: 24, bottom: 8, left: 4 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
              {/* Models differ in price by 10–50×: a log scale keeps the cheap ones apart. */}
              <XAxis type="number" dataKey="cost" name="cost per item" scale={ticks.length > 1 ? "log" : "linear"} domain={ticks.length > 1 ? ["auto", "auto"] : [0, "auto"]} ticks={ticks} tick={AXIS_TICK} tickFormatter={formatAxisUsd} />
              <YAxis type="number" dataKey="quality" name={axis} tick={AXIS_TICK} domain={[0, 100]} unit="%" label={yAxisLabel(axis)} width={56} />
              <ZAxis range={[90, 90]} />
              <ReferenceLine y={comparison.gate.min * 100} stroke="var(--warning)" strokeDasharray="6 4" />
              <Tooltip
                contentStyle={TOOLTIP_STYLE}
                formatter={(value, name) => (name === "cost per item" ? formatUsd(Number(value)) : `${Number(value).toFixed(1)} %`)}
              />
              <Scatter data={points} fill="var(--primary)">
                <LabelList dataKey="name" position="top" style={{ fontSize: 12, fontWeight: 600, fill: "var(--foreground)" }} />
              </Scatter>
            </ScatterChart>
          </ResponsiveContainer>
        )}
        {points.length > 0 ? (
          <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground" aria-label="Points">
            {points.map((point) => (
              <li key={point.name}>
                <span className="font-semibold text-foreground">{point.name}</span> {point.model}: {formatUsd(point.cost)}, {point.quality.toFixed(1)} %
              </li>
            ))}
          </ul>
        ) : null}
      </CardContent>
    </Card>
  );
}
