"use client";

import { X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { RunListFilter } from "@/lib/client/api-client";
import { useDatasets } from "@/lib/client/queries";
import { RUN_STATUSES, type RunStatus } from "@/lib/shared/api-types";
import { humanize } from "@/lib/shared/format";

/** Radix Select has no empty value: this one stands for "no filter". */
const ANY = "any";

/** Status and dataset filters of the runs list; the page keeps them in the URL. */
export function RunFilters({ filter, onChange }: { filter: RunListFilter; onChange: (filter: RunListFilter) => void }) {
  const datasets = useDatasets();
  const filtered = filter.status !== undefined || filter.datasetId !== undefined;
  const knownDataset = !filter.datasetId || datasets.data?.items.some((dataset) => dataset.id === filter.datasetId);
  return (
    <div role="group" aria-label="Filter runs" className="grid grid-cols-2 items-end gap-3 sm:flex sm:flex-wrap">
      <div className="grid min-w-0 gap-1.5 sm:w-44">
        <Label htmlFor="run-filter-status">Status</Label>
        <Select
          value={filter.status ?? ANY}
          onValueChange={(value) => onChange({ ...filter, status: value === ANY ? undefined : (value as RunStatus) })}
        >
          <SelectTrigger id="run-filter-status" data-testid="run-filter-status">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ANY}>Any status</SelectItem>
            {/* A mistyped status in the URL stays visible beside the API's message about it. */}
            {filter.status && !RUN_STATUSES.includes(filter.status) ? <SelectItem value={filter.status}>“{filter.status}”</SelectItem> : null}
            {RUN_STATUSES.map((status) => (
              <SelectItem key={status} value={status}>
                {humanize(status)}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <div className="grid min-w-0 gap-1.5 sm:w-64">
        <Label htmlFor="run-filter-dataset">Dataset</Label>
        <Select value={filter.datasetId ?? ANY} onValueChange={(value) => onChange({ ...filter, datasetId: value === ANY ? undefined : value })}>
          <SelectTrigger id="run-filter-dataset" data-testid="run-filter-dataset">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ANY}>Any dataset</SelectItem>
            {/* A dataset named in the URL but not (yet) listed still shows as chosen. */}
            {knownDataset ? null : <SelectItem value={filter.datasetId ?? ANY}>This dataset</SelectItem>}
            {datasets.data?.items.map((dataset) => (
              <SelectItem key={dataset.id} value={dataset.id}>
                {dataset.name}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      {filtered ? (
        <Button variant="ghost" size="sm" className="col-span-2 h-9 justify-self-start" onClick={() => onChange({})}>
          <X aria-hidden /> Clear filters
        </Button>
      ) : null}
    </div>
  );
}
