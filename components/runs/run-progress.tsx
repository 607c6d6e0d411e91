import type { ReactNode } from "react";
import { Filter } from "lucide-react";
import { Card, CardContent } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { PriceUnknownBadge } from "@/components/price-unknown-badge";
import type { ItemStatus, RunSummary } from "@/lib/shared/api-types";
import { failureSentence, formatDurationInWords, formatNumber, formatUsd, plural, prefilterSentence, unsentPhrase } from "@/lib/shared/format";
import { cn } from "@/lib/client/cn";

const TILES: { status: ItemStatus; label: string; tone: string }[] = [
  { status: "completed", label: "Completed", tone: "text-success" },
  { status: "failed", label: "Failed", tone: "text-destructive" },
  { status: "needs_review", label: "Needs review", tone: "text-warning" },
  { status: "skipped", label: "Skipped", tone: "text-muted-foreground" },
  { status: "pending", label: "Pending", tone: "text-foreground" },
];

/** The same words as the progress sentence: no countdown while paused, none once nothing remains. */
export function timeRemainingText(run: RunSummary): string {
  if (run.finishedAt !== null || run.status === "completed" || run.status === "failed" || run.status === "cancelled") return "—";
  if (run.status === "paused") return run.pauseKind === "budget" ? "Stopped by budget" : "Paused";
  if (run.status === "queued") return "Waiting to start";
  if (run.etaSeconds === null) return "Estimating…";
  return run.etaSeconds === 0 ? "Finishing" : formatDurationInWords(run.etaSeconds);
}

/**
 * The live numbers of a run: the progress sentence, the bar over what is sent to the model (the
 * pre-filtered rows told apart beneath it), counts by status, failures, cost, ETA and batches.
 */
export function RunProgress({ run, className }: { run: RunSummary; className?: string }) {
  const { progress } = run;
  // Floor, so "100 %" means done.
  const percent = Math.floor(progress.percent);
  const prefiltered = prefilterSentence(progress.prefiltered);
  const budget = run.settings.budgetUsd;

  return (
    <Card className={className} data-testid="run-progress">
      <CardContent className="space-y-5">
        <div className="space-y-2">
          <p data-testid="progress-line" className="text-sm font-medium">
            {run.progressLine}
          </p>
          <Progress value={progress.percent} aria-label="Items done of those sent to the model" />
          <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 text-xs text-muted-foreground">
            <p className="tabular-nums" data-testid="progress-share">
              {formatNumber(progress.done)} of {plural(progress.toSend, "item")} done ({percent}%)
            </p>
            {progress.unsent ? (
              <p className="font-medium text-warning" data-testid="progress-unsent">
                {unsentPhrase(progress.unsent)} (budget)
              </p>
            ) : null}
          </div>
          {prefiltered ? (
            <p className="flex items-start gap-1.5 text-xs text-muted-foreground" data-testid="progress-prefiltered">
              <Filter className="mt-px size-3.5 shrink-0" aria-hidden />
              <span>{prefiltered} Not part of the share above.</span>
            </p>
          ) : null}
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
        <dl className="grid grid-cols-2 gap-3 border-t pt-4 sm:grid-cols-6">
          <Stat label="Failures" className="col-span-2">
            <span data-testid="failure-counts" className={cn(progress.stillFailing > 0 && "text-destructive")}>
              {failureSentence(progress)}
            </span>
          </Stat>
          <Stat label={run.simulated ? "Cost (simulated)" : "Cost"}>
            <span data-testid="run-cost">{formatUsd(run.cost.usd)}</span>
            {budget !== null ? <span className="font-normal text-muted-foreground"> of {formatUsd(budget)}</span> : null}
            {run.priceUnknown ? (
              <span className="block">
                <PriceUnknownBadge />
              </span>
            ) : null}
          </Stat>
          <Stat label="Tokens in / out">
            {formatNumber(run.cost.tokensIn)} / {formatNumber(run.cost.tokensOut)}
          </Stat>
          <Stat label="Time remaining">
            <span data-testid="eta">{timeRemainingText(run)}</span>
          </Stat>
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

function Stat({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <div className={className}>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-sm font-medium tabular-nums">{children}</dd>
    </div>
  );
}
