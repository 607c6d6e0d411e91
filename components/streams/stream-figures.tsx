"use client";

import { Card, CardContent, CardDescription, CardTitle } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import type { StreamStats, StreamSummary } from "@/lib/shared/api-types";
import { formatLatency, formatNumber, formatPercent, formatUsd } from "@/lib/shared/format";

function Figure({ label, value, note, testId }: { label: string; value: string; note?: React.ReactNode; testId: string }) {
  return (
    <Card className="gap-1 p-4" data-testid={testId}>
      <CardDescription>{label}</CardDescription>
      <CardTitle className="text-2xl tabular-nums">{value}</CardTitle>
      {note ? <div className="text-xs text-muted-foreground">{note}</div> : null}
    </Card>
  );
}

/** Queue depth, arrival-to-result p50/p95, error rate, and cost today against the daily budget. */
export function StreamFigures({ stream, stats }: { stream: StreamSummary; stats: StreamStats | undefined }) {
  const budget = stats?.dailyBudgetUsd ?? null;
  const spent = stats?.costTodayUsd ?? 0;
  return (
    <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      <Figure testId="figure-queue" label="Queue depth" value={formatNumber(stream.queueDepth)} note={`${formatNumber(stream.total)} items in all`} />
      <Figure
        testId="figure-latency"
        label="Arrival to result, p50"
        value={stats?.latencyMs.p50 == null ? "—" : formatLatency(stats.latencyMs.p50)}
        note={stats?.latencyMs.p95 == null ? "No results in the window yet" : `p95 ${formatLatency(stats.latencyMs.p95)} · ${formatNumber(stats.latencyMs.samples)} results`}
      />
      <Figure testId="figure-error-rate" label="Error rate" value={stats?.errorRate == null ? "—" : formatPercent(stats.errorRate)} note={`Failed calls, last ${stats?.windowMinutes ?? 30} min`} />
      <Card className="gap-1 p-4" data-testid="figure-cost">
        <CardDescription>Cost today</CardDescription>
        <CardTitle className="text-2xl tabular-nums">{formatUsd(spent)}</CardTitle>
        {budget === null ? (
          <div className="text-xs text-muted-foreground">No daily budget</div>
        ) : (
          <CardContent className="space-y-1 px-0">
            <Progress value={Math.min(100, (spent / budget) * 100)} aria-label="Cost today against the daily budget" className="h-1.5" />
            <div className="text-xs text-muted-foreground">of {formatUsd(budget)} a day (UTC)</div>
          </CardContent>
        )}
      </Card>
    </div>
  );
}
