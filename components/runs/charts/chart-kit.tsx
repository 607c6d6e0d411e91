"use client";

// What every run chart shares: a card with a title, the loading/error/empty states, axis styling,
// and axis labels that name the unit ($, items/min, ms, %).
import type { LucideIcon } from "lucide-react";
import type { CSSProperties, ReactNode } from "react";
import { ErrorState } from "@/components/error-state";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";

export const CHART_HEIGHT = 220;
export const AXIS_TICK = { fill: "var(--muted-foreground)", fontSize: 11 };
export const TOOLTIP_STYLE: CSSProperties = {
  background: "var(--popover)",
  border: "1px solid var(--border)",
  borderRadius: 8,
  fontSize: 12,
  color: "var(--popover-foreground)",
};
export const LEGEND_STYLE: CSSProperties = { fontSize: 12 };
export const CHART_MARGIN = { top: 8, right: 8, bottom: 0, left: 4 };

/** A y-axis title written along the axis, e.g. "items/min". */
export function yAxisLabel(value: string, side: "left" | "right" = "left") {
  return {
    value,
    angle: side === "left" ? -90 : 90,
    position: side === "left" ? ("insideLeft" as const) : ("insideRight" as const),
    style: { fill: "var(--muted-foreground)", fontSize: 11, textAnchor: "middle" as const },
  };
}

/** The state a chart's data is in; `ready` draws the chart. */
export type ChartState =
  | { kind: "loading" }
  | { kind: "error"; error: unknown; retry: () => void }
  | { kind: "empty"; icon: LucideIcon; title: string; description: string }
  | { kind: "ready" };

export function ChartCard({
  title,
  description,
  state,
  testId,
  children,
}: {
  title: string;
  description: ReactNode;
  state: ChartState;
  testId: string;
  children: () => ReactNode;
}) {
  let body: ReactNode;
  if (state.kind === "loading") body = <Skeleton style={{ height: CHART_HEIGHT }} />;
  else if (state.kind === "error") body = <ErrorState error={state.error} title={`Could not load ${title.toLowerCase()}`} onRetry={state.retry} />;
  else if (state.kind === "empty")
    body = <EmptyState icon={state.icon} title={state.title} description={state.description} className="py-12" />;
  else body = children();
  return (
    <Card data-testid={testId} className="min-w-0">
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      {/* role="img" with a label: a screen reader hears what the chart is; the numbers are in the tables and report. */}
      <CardContent className="min-w-0" role={state.kind === "ready" ? "img" : undefined} aria-label={state.kind === "ready" ? title : undefined}>
        {body}
      </CardContent>
    </Card>
  );
}
