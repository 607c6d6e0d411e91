"use client";

import { CircleCheck, CircleX, Star } from "lucide-react";
import Link from "next/link";
import { RunStatusBadge } from "@/components/status-badge";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/lib/client/cn";
import type { ComparisonDetail, ComparisonVariantResult } from "@/lib/shared/comparison-types";
import { formatDuration, formatLatency, formatNumber, formatPercent, formatUsd } from "@/lib/shared/format";

const SHAPE_WORDS = { text: "free text", labels: "labels", json: "JSON" } as const;
/** One column per variant on a wide screen, so three variants fill the row. */
const WIDE_COLUMNS: Record<number, string> = { 1: "sm:grid-cols-1 xl:grid-cols-2", 3: "lg:grid-cols-3", 4: "xl:grid-cols-4" };

function share(value: number | null, empty: string): string {
  return value === null ? empty : formatPercent(value);
}

/** Whether the variant reaches the gate: null while its metric is unknown. */
export function passesGate(variant: ComparisonVariantResult, gate: ComparisonDetail["gate"]): boolean | null {
  const value = gate.metric === "agreement" ? variant.agreement : variant.approvalRate;
  return value === null ? null : value >= gate.min;
}

function Metric({ label, value, hint, wide }: { label: string; value: string; hint?: string; wide?: boolean }) {
  return (
    <div className={cn("min-w-0", wide && "col-span-2")}>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className={cn("font-medium tabular-nums", wide ? "wrap-anywhere" : "truncate")} title={hint}>
        {value}
      </dd>
    </div>
  );
}

/** Each variant's measurements, the reference first in its own colour, the suggested one marked. */
export function VariantCards({ comparison }: { comparison: ComparisonDetail }) {
  return (
    <div className={cn("grid gap-4 sm:grid-cols-2", WIDE_COLUMNS[comparison.variants.length])} data-testid="variant-cards">
      {comparison.variants.map((variant) => {
        const isReference = variant.index === comparison.reference;
        const suggested = comparison.suggestion?.variant === variant.index;
        const gate = passesGate(variant, comparison.gate);
        const projection = variant.projectedFullRun;
        return (
          <Card key={variant.index} className={cn(suggested && "border-success ring-1 ring-success/40")} data-testid={`variant-card-${variant.index}`}>
            <CardHeader className="space-y-1.5">
              <CardTitle className="flex flex-wrap items-center gap-2 text-base">
                <span className="text-muted-foreground">{variant.index + 1}.</span> {variant.model}
              </CardTitle>
              <div className="flex flex-wrap gap-1.5">
                <RunStatusBadge status={variant.runStatus} />
                {isReference ? (
                  <Badge variant="info">
                    <Star aria-hidden /> Reference
                  </Badge>
                ) : null}
                {suggested ? <Badge variant="success">Suggested</Badge> : null}
                {gate === true ? (
                  <Badge variant="outline">
                    <CircleCheck aria-hidden className="text-success" /> Clears gate
                  </Badge>
                ) : gate === false ? (
                  <Badge variant="outline">
                    <CircleX aria-hidden className="text-destructive" /> Below gate
                  </Badge>
                ) : null}
                <Badge variant="secondary">{SHAPE_WORDS[variant.outputKind]}</Badge>
              </div>
            </CardHeader>
            <CardContent>
              <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
                <Metric label="Answered" value={`${formatNumber(variant.completed)} / ${formatNumber(variant.total)}`} />
                <Metric label="Failed" value={formatNumber(variant.failed)} />
                <Metric
                  label="Agreement"
                  value={isReference ? "reference" : variant.outputKind === "text" ? "n/a (free text)" : share(variant.agreement, "–")}
                  hint={variant.agreementRows ? `over ${formatNumber(variant.agreementRows)} rows both answered` : undefined}
                />
                <Metric label="Approval" value={variant.judged ? `${share(variant.approvalRate, "–")} of ${formatNumber(variant.judged)}` : "not judged"} />
                <Metric label="Cost / item" value={variant.costPerItemUsd === null ? "–" : formatUsd(variant.costPerItemUsd)} />
                <Metric label="Latency p50 / p95" value={`${formatLatency(variant.latencyP50Ms)} / ${formatLatency(variant.latencyP95Ms)}`} />
                <Metric
                  label={projection ? `Full run (${formatNumber(projection.items)} items)` : "Full run"}
                  value={projection ? `${formatUsd(projection.usdLow)}–${formatUsd(projection.usdHigh)}` : "–"}
                  hint="p10–p90 of the sample's cost per item, times the items a full run sends after the pre-filter"
                  wide
                />
                <Metric label="Full-run time" value={projection ? `~${formatDuration(projection.seconds)}` : "–"} wide />
              </dl>
              <Link href={`/runs/${encodeURIComponent(variant.runId)}`} className="mt-3 inline-block text-xs text-muted-foreground underline-offset-2 hover:underline">
                Sample run
              </Link>
            </CardContent>
          </Card>
        );
      })}
    </div>
  );
}
