"use client";

// The queue's filters: run, dataset and error kind (kept in the URL by the page), with counts.
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { cn } from "@/lib/client/cn";
import type { ReviewFilter, ReviewSummary } from "@/lib/shared/api-types";
import { formatDate, formatNumber, humanize } from "@/lib/shared/format";

const ANY = "__any";

export function ReviewFilters({ filter, summary, onChange }: { filter: ReviewFilter; summary: ReviewSummary | undefined; onChange: (next: ReviewFilter) => void }) {
  const runs = (summary?.runs ?? []).filter((run) => !filter.datasetId || run.datasetId === filter.datasetId);
  const kinds = summary?.byErrorKind ?? [];
  const kindTotal = kinds.reduce((sum, k) => sum + k.count, 0);
  // A filter naming something with nothing left in review stays choosable, so it can be seen and cleared.
  const runMissing = filter.runId && !runs.some((run) => run.id === filter.runId);
  const datasetMissing = filter.datasetId && !(summary?.datasets ?? []).some((d) => d.id === filter.datasetId);

  return (
    <div className="space-y-3" data-testid="review-filters">
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:max-w-2xl">
        <Select value={filter.datasetId ?? ANY} onValueChange={(value) => onChange({ ...filter, datasetId: value === ANY ? undefined : value, runId: undefined })}>
          <SelectTrigger aria-label="Dataset" className="min-w-0">
            <SelectValue placeholder="Every dataset" />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ANY}>Every dataset</SelectItem>
            {datasetMissing ? <SelectItem value={filter.datasetId ?? ""}>This dataset (nothing in review)</SelectItem> : null}
            {(summary?.datasets ?? []).map((dataset) => (
              <SelectItem key={dataset.id} value={dataset.id}>
                {dataset.name} · {formatNumber(dataset.count)}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <Select value={filter.runId ?? ANY} onValueChange={(value) => onChange({ ...filter, runId: value === ANY ? undefined : value })}>
          <SelectTrigger aria-label="Run" className="min-w-0">
            <SelectValue placeholder="Every run" />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ANY}>Every run</SelectItem>
            {runMissing ? <SelectItem value={filter.runId ?? ""}>Run {filter.runId?.slice(0, 8)} (nothing in review)</SelectItem> : null}
            {runs.map((run) => (
              <SelectItem key={run.id} value={run.id}>
                {run.datasetName} · {run.kind} run {formatDate(run.createdAt)} · {formatNumber(run.count)}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <div role="group" aria-label="Error kind" className="flex flex-wrap gap-1.5">
        <KindChip label="All kinds" count={kindTotal} active={!filter.errorKind} onClick={() => onChange({ ...filter, errorKind: undefined })} />
        {kinds.map((kind) => (
          <KindChip
            key={kind.errorKind}
            label={kind.errorKind === "none" ? "No error kind" : humanize(kind.errorKind)}
            kind={kind.errorKind}
            count={kind.count}
            active={filter.errorKind === kind.errorKind}
            onClick={() => onChange({ ...filter, errorKind: filter.errorKind === kind.errorKind ? undefined : kind.errorKind })}
          />
        ))}
      </div>
    </div>
  );
}

function KindChip({ label, count, active, kind, onClick }: { label: string; count: number; active: boolean; kind?: string; onClick: () => void }) {
  return (
    <button
      type="button"
      aria-pressed={active}
      data-error-kind={kind}
      onClick={onClick}
      className={cn(
        "inline-flex items-center gap-1.5 rounded-full border px-3 py-1 text-xs font-medium transition-colors outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
        active ? "border-primary bg-primary text-primary-foreground" : "bg-card hover:bg-muted",
      )}
    >
      {label}
      <span className={cn("tabular-nums", active ? "opacity-90" : "text-muted-foreground")}>{formatNumber(count)}</span>
    </button>
  );
}
