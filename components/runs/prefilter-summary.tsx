"use client";

import { Copy, DatabaseZap, Eraser, type LucideIcon } from "lucide-react";
import { Skeleton } from "@/components/ui/skeleton";
import type { RunPreview } from "@/lib/shared/api-types";
import { errorMessage } from "@/lib/client/api-client";
import { PREFILTER_RULE_LABELS, type PrefilterRule } from "@/lib/shared/skip-reasons";
import { formatNumber, formatUsd, plural } from "@/lib/shared/format";
import { cn } from "@/lib/client/cn";

const RULE_ICONS: Record<PrefilterRule, LucideIcon> = { duplicate: Copy, too_short: Eraser, cached: DatabaseZap };

/** "37 output tokens per row: the average of 20 earlier answers" — says what the estimate stands on. */
function describeBasis(outputTokens: RunPreview["outputTokens"]): string {
  const perRow = `${formatNumber(outputTokens.perItem)} output tokens per row`;
  return outputTokens.basis === "earlier_runs"
    ? `${perRow}, the average of ${plural(outputTokens.answers, "earlier answer")} to this prompt`
    : `${perRow} (assumed: no earlier answers to this prompt yet)`;
}

/**
 * What the pre-filter removes from a run and what the rest would cost. `compact` (the launch card,
 * which shows rows sent and cost itself) lists only the rules that remove something, without examples.
 */
export function PrefilterSummary(props: {
  preview: RunPreview | undefined;
  isPending: boolean;
  isStale: boolean;
  error: unknown;
  simulated: boolean;
  compact?: boolean;
}) {
  const { preview, compact = false } = props;
  if (props.error && !preview) {
    return (
      <p className="text-sm text-muted-foreground" data-testid="prefilter-error">
        The pre-filter preview is not available: {errorMessage(props.error)}
      </p>
    );
  }
  if (!preview) return props.isPending ? <Skeleton className={compact ? "h-16" : "h-40"} /> : null;

  const removed = preview.total - preview.toSend;
  const rules = compact ? preview.rules.filter((r) => r.count > 0) : preview.rules;
  return (
    <div className={cn("space-y-3 transition-opacity", props.isStale && "opacity-60")} aria-busy={props.isStale} data-testid="prefilter-summary">
      {!compact ? (
        <div className="rounded-md bg-muted/50 p-3" data-testid="prefilter-to-send">
          <p className="text-sm">
            <span className="text-lg font-semibold tabular-nums">{formatNumber(preview.toSend)}</span>
            <span className="text-muted-foreground"> of {plural(preview.total, "row")} sent to the model</span>
            {removed > 0 ? <span className="text-muted-foreground"> · {formatNumber(removed)} pre-filtered</span> : null}
          </p>
          <p className="text-sm">
            Estimated cost <span className="font-semibold tabular-nums">{formatUsd(preview.estimatedCostUsd)}</span>
            {props.simulated ? <span className="text-muted-foreground"> (simulated: no real cost)</span> : null}
            <span className="text-muted-foreground">
              {" "}
              · {plural(preview.batches, "batch", "batches")}
            </span>
          </p>
          <p className="mt-1 text-xs text-muted-foreground">Estimate at {describeBasis(preview.outputTokens)}.</p>
        </div>
      ) : null}
      {rules.length > 0 ? (
        <ul className="space-y-2" aria-label="Pre-filter rules">
          {rules.map((rule) => (
            <RuleRow key={rule.rule} rule={rule} compact={compact} />
          ))}
        </ul>
      ) : compact ? (
        <p className="text-xs text-muted-foreground">No duplicates, short rows or cached answers: every row is sent.</p>
      ) : null}
    </div>
  );
}

function RuleRow({ rule, compact }: { rule: RunPreview["rules"][number]; compact: boolean }) {
  const Icon = RULE_ICONS[rule.rule];
  const label = PREFILTER_RULE_LABELS[rule.rule];
  const active = rule.count > 0;
  return (
    <li className="text-sm" data-testid={`prefilter-rule-${rule.rule}`} data-count={rule.count}>
      <div className="flex items-start gap-2">
        <Icon className={cn("mt-0.5 size-4 shrink-0", active ? "text-foreground" : "text-muted-foreground")} aria-hidden />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-baseline justify-between gap-x-3">
            <span className={cn("font-medium", !active && "text-muted-foreground")}>{label.title}</span>
            <span className="tabular-nums">
              <span className="font-semibold">{formatNumber(rule.count)}</span>
              <span className="text-muted-foreground"> {rule.count === 1 ? "row" : "rows"}</span>
              {active ? <span className="text-success"> · saves {formatUsd(rule.savedUsd)}</span> : null}
            </span>
          </div>
          {!compact ? <p className="text-xs text-muted-foreground">{label.description}</p> : null}
          {!compact && rule.examples.length > 0 ? (
            <ul className="mt-1 space-y-0.5" aria-label={`Example rows: ${label.title.toLowerCase()}`}>
              {rule.examples.map((example) => (
                <li key={example.rowIndex} className="flex items-baseline gap-2 text-xs">
                  <span className="shrink-0 whitespace-nowrap tabular-nums text-muted-foreground">
                    Row {formatNumber(example.rowIndex + 1)}
                    {example.duplicateOf !== undefined ? ` = row ${formatNumber(example.duplicateOf + 1)}` : ""}
                  </span>
                  <span className="line-clamp-2 min-w-0 break-words font-mono" title={example.input}>
                    {example.input.trim() === "" ? <em className="font-sans text-muted-foreground">(empty)</em> : example.input}
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
    </li>
  );
}
