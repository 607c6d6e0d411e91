import type { ReactNode } from "react";
import { processedCount, processedPercent } from "@/components/runs/run-math";
import { Card, CardContent } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import type { ItemStatus, RunSummary } from "@/lib/shared/api-types";
import { formatDuration, formatNumber, formatUsd } from "@/lib/shared/format";
import { cn } from "@/lib/client/cn";

const TILES: { status: ItemStatus; label: string; tone: string }[] = [
  { status: "completed", label: "Completed", tone: "text-success" },
  { status: "failed", label: "Failed", tone: "text-destructive" },
  { status: "needs_review", label: "Needs review", tone: "text-warning" },
  { status: "skipped", label: "Skipped", tone: "text-muted-foreground" },
  { status: "pending", label: "Pending", tone: "text-foreground" },
];

/** The live numbers of a run: the progress sentence, the bar, counts by status, cost, ETA and batches. */
export function RunProgress({ run, className }: { run: RunSummary; className?: string }) {
  const processed = processedCount(run);
  const percent = processedPercent(run);
  const ended = run.finishedAt !== null;

  return (
    <Card className={className}>
      <CardContent className="space-y-5">
        <div className="space-y-2">
          <p data-testid="progress-line" className="text-sm font-medium">
            {run.progressLine}
          </p>
          <Progress value={percent} aria-label="Items processed" />
          <p className="text-xs text-muted-foreground tabular-nums">
            {formatNumber(processed)} of {formatNumber(run.total)} items processed ({percent.toFixed(0)}%)
          </p>
        </div>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
          {TILES.map((tile) => (
            <Tile key={tile.status} label={tile.label}>
              <span data-testid={`count-${tile.status}`} className={cn("tabular-nums", tile.tone)}>
                {formatNumber(run.counts[tile.status])}
              </span>
              {tile.status === "pending" && run.counts.processing > 0 ? (
                <span className="ml-1.5 text-xs font-normal text-muted-foreground">+{formatNumber(run.counts.processing)} in flight</span>
              ) : null}
            </Tile>
          ))}
        </dl>
        <dl className="grid grid-cols-2 gap-3 border-t pt-4 sm:grid-cols-4">
          <Stat label={run.simulated ? "Cost (simulated)" : "Cost"}>
            <span data-testid="run-cost">{formatUsd(run.cost.usd)}</span>
          </Stat>
          <Stat label="Tokens in / out">
            {formatNumber(run.cost.tokensIn)} / {formatNumber(run.cost.tokensOut)}
          </Stat>
          <Stat label="Time remaining">{ended ? "—" : run.etaSeconds === null ? "Estimating…" : formatDuration(run.etaSeconds)}</Stat>
          <Stat label="Batches">
            <span data-testid="run-batches">
              {formatNumber(run.batches.done)}/{formatNumber(run.batches.total)}
            </span>
          </Stat>
        </dl>
      </CardContent>
    </Card>
  );
}

function Tile({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="rounded-lg border bg-muted/30 px-3 py-2.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-2xl font-semibold">{children}</dd>
    </div>
  );
}

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-sm font-medium tabular-nums">{children}</dd>
    </div>
  );
}
