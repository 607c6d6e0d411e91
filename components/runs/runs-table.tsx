"use client";

import { ListChecks, SearchX } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { ErrorState } from "@/components/error-state";
import { RunFilters } from "@/components/runs/run-filters";
import { RunStatusBadge } from "@/components/status-badge";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Progress } from "@/components/ui/progress";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { processedCount, processedPercent } from "@/components/runs/run-math";
import type { RunListFilter } from "@/lib/client/api-client";
import { useRuns } from "@/lib/client/queries";
import type { RunStatus, RunSummary } from "@/lib/shared/api-types";
import { excerpt, formatDate, formatNumber, formatUsd, plural } from "@/lib/shared/format";

const PROMPT_EXCERPT_CHARS = 90;

/** The filter in the URL (?status=&datasetId=), so a filtered list can be bookmarked and shared; the API checks the values. */
function useRunListFilter(): [RunListFilter, (filter: RunListFilter) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filter: RunListFilter = {
    status: (params.get("status") || undefined) as RunStatus | undefined,
    datasetId: params.get("datasetId") || undefined,
  };
  const setFilter = (next: RunListFilter) => {
    const query = new URLSearchParams();
    if (next.status) query.set("status", next.status);
    if (next.datasetId) query.set("datasetId", next.datasetId);
    const search = query.toString();
    router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
  };
  return [filter, setFilter];
}

export function RunsTable() {
  const [filter, setFilter] = useRunListFilter();
  const filtered = filter.status !== undefined || filter.datasetId !== undefined;
  const { data, error, isPending, refetch } = useRuns(filter);

  let body;
  if (isPending) {
    body = (
      <div className="space-y-2" aria-label="Loading runs">
        {Array.from({ length: 5 }, (_, i) => (
          <Skeleton key={i} className="h-11 w-full" />
        ))}
      </div>
    );
  } else if (error) {
    body = <ErrorState error={error} title="Could not load runs" onRetry={() => void refetch()} />;
  } else if (data.items.length === 0 && filtered) {
    body = (
      <EmptyState
        icon={SearchX}
        title="No runs match these filters"
        description="Try another status or dataset."
        action={
          <Button size="sm" variant="outline" onClick={() => setFilter({})}>
            Clear filters
          </Button>
        }
      />
    );
  } else if (data.items.length === 0) {
    body = (
      <EmptyState
        icon={ListChecks}
        title="No runs yet"
        description="Open a dataset, write a prompt and start a sample run. It will show up here."
        action={
          <Button asChild size="sm">
            <Link href="/">Go to datasets</Link>
          </Button>
        }
      />
    );
  } else {
    body = (
      <>
        <p className="sr-only" aria-live="polite">
          {plural(data.items.length, "run")}
        </p>
        <RunCards runs={data.items} />
        <RunRows runs={data.items} />
      </>
    );
  }

  return (
    <div className="space-y-4">
      <RunFilters filter={filter} onChange={setFilter} />
      {body}
    </div>
  );
}

function RunLink({ run }: { run: RunSummary }) {
  return (
    <Link
      href={`/runs/${run.id}`}
      className="break-words rounded-sm font-medium underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
    >
      {run.datasetName}
    </Link>
  );
}

function ModelAndPrompt({ run }: { run: RunSummary }) {
  return (
    <div className="min-w-0 space-y-1">
      <div className="truncate font-mono text-xs" data-testid="run-model">
        {run.settings.model}
      </div>
      <p className="line-clamp-2 break-words text-xs text-muted-foreground" title={run.settings.prompt.template} data-testid="run-prompt">
        {excerpt(run.settings.prompt.template, PROMPT_EXCERPT_CHARS)}
      </p>
    </div>
  );
}

function RunProgress({ run }: { run: RunSummary }) {
  return (
    <div className="flex items-center gap-2">
      <Progress value={processedPercent(run)} aria-label={`Progress of run ${run.id}`} className="h-1.5" />
      <span className="shrink-0 text-xs tabular-nums text-muted-foreground">
        {formatNumber(processedCount(run))}/{formatNumber(run.progress.toSend)}
      </span>
    </div>
  );
}

const kindLabel = (run: RunSummary) => (run.kind === "sample" ? "Sample" : run.kind === "stream" ? "Stream" : "Full");

/** Laptop and up: one row per run. */
function RunRows({ runs }: { runs: RunSummary[] }) {
  return (
    <Card className="hidden py-0 md:block">
      <Table data-testid="runs-table">
        <TableHeader>
          <TableRow>
            <TableHead className="pl-5">Dataset</TableHead>
            <TableHead>Model and prompt</TableHead>
            <TableHead>Kind</TableHead>
            <TableHead>Status</TableHead>
            <TableHead className="w-48">Progress</TableHead>
            <TableHead className="text-right">Cost</TableHead>
            <TableHead className="pr-5">Created</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {runs.map((run) => (
            <TableRow key={run.id} data-testid="run-row">
              <TableCell className="max-w-48 pl-5 align-middle">
                <RunLink run={run} />
                <div className="font-mono text-xs text-muted-foreground">{run.id.slice(0, 12)}</div>
              </TableCell>
              <TableCell className="w-80 max-w-80 align-middle">
                <ModelAndPrompt run={run} />
              </TableCell>
              <TableCell className="align-middle">
                <Badge variant="outline">{kindLabel(run)}</Badge>
              </TableCell>
              <TableCell className="align-middle">
                <RunStatusBadge status={run.status} />
              </TableCell>
              <TableCell className="align-middle">
                <RunProgress run={run} />
              </TableCell>
              <TableCell className="text-right align-middle tabular-nums">
                {formatUsd(run.cost.usd)}
                {run.simulated ? <div className="text-xs text-muted-foreground">Simulated</div> : null}
              </TableCell>
              <TableCell className="whitespace-nowrap pr-5 align-middle text-muted-foreground">{formatDate(run.createdAt)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Card>
  );
}

/** Phones and narrow windows: a card per run, nothing wider than the screen. */
function RunCards({ runs }: { runs: RunSummary[] }) {
  return (
    <ul className="space-y-3 md:hidden" data-testid="runs-cards">
      {runs.map((run) => (
        <li key={run.id}>
          <Card className="gap-3 px-4 py-4" data-testid="run-card">
            <div className="flex items-start justify-between gap-3">
              <div className="min-w-0">
                <RunLink run={run} />
                <div className="text-xs text-muted-foreground">
                  {kindLabel(run)} run · {formatDate(run.createdAt)}
                </div>
              </div>
              <RunStatusBadge status={run.status} className="shrink-0" />
            </div>
            <ModelAndPrompt run={run} />
            <RunProgress run={run} />
            <div className="text-sm tabular-nums">
              {formatUsd(run.cost.usd)}
              {run.simulated ? <span className="text-xs text-muted-foreground"> · Simulated</span> : null}
            </div>
          </Card>
        </li>
      ))}
    </ul>
  );
}
