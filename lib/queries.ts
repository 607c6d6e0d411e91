// TanStack Query keys and hooks for the UI. Live views poll only while a run is active.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ACTIVE_RUN_STATUSES, type ItemStatus, type RunStatus } from "@/lib/api-types";
import {
  ApiError,
  fetchDataset,
  fetchDatasets,
  fetchMeta,
  fetchReview,
  fetchRun,
  fetchRunBatches,
  fetchRunItems,
  fetchRunReport,
  fetchRuns,
} from "@/lib/api-client";

/** How often live views refresh while a run is queued, running or paused. */
export const LIVE_POLL_MS = 1000;
const META_STALE_MS = 5 * 60_000;

export const queryKeys = {
  meta: ["meta"] as const,
  datasets: ["datasets"] as const,
  dataset: (id: string, offset: number, limit: number) => ["datasets", id, { offset, limit }] as const,
  runs: ["runs"] as const,
  runList: ["runs", "list"] as const,
  run: (id: string) => ["runs", id] as const,
  runBatches: (id: string) => ["runs", id, "batches"] as const,
  runItems: (id: string, status: ItemStatus | undefined, offset: number, limit: number) =>
    ["runs", id, "items", { status: status ?? "all", offset, limit }] as const,
  runReport: (id: string) => ["runs", id, "report"] as const,
  review: ["review"] as const,
  reviewPage: (offset: number, limit: number) => ["review", { offset, limit }] as const,
};

export function isRunActive(status: RunStatus | undefined): boolean {
  return status !== undefined && ACTIVE_RUN_STATUSES.includes(status);
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

export function useMeta() {
  return useQuery({ queryKey: queryKeys.meta, queryFn: fetchMeta, staleTime: META_STALE_MS });
}

export function useDatasets() {
  return useQuery({ queryKey: queryKeys.datasets, queryFn: fetchDatasets });
}

export function useDataset(id: string, offset: number, limit: number) {
  return useQuery({
    queryKey: queryKeys.dataset(id, offset, limit),
    queryFn: () => fetchDataset(id, offset, limit),
    placeholderData: keepPreviousData,
  });
}

export function useRuns() {
  return useQuery({
    queryKey: queryKeys.runList,
    queryFn: fetchRuns,
    refetchInterval: (query) => (query.state.data?.items.some((run) => isRunActive(run.status)) ? LIVE_POLL_MS : false),
  });
}

export function useRun(id: string) {
  return useQuery({
    queryKey: queryKeys.run(id),
    queryFn: () => fetchRun(id),
    refetchInterval: (query) => (isRunActive(query.state.data?.status) ? LIVE_POLL_MS : false),
  });
}

export function useRunBatches(id: string, live: boolean) {
  return useQuery({
    queryKey: queryKeys.runBatches(id),
    queryFn: () => fetchRunBatches(id),
    refetchInterval: live ? LIVE_POLL_MS : false,
  });
}

export function useRunItems(id: string, status: ItemStatus | undefined, offset: number, limit: number, live: boolean) {
  return useQuery({
    queryKey: queryKeys.runItems(id, status, offset, limit),
    queryFn: () => fetchRunItems(id, status, offset, limit),
    placeholderData: keepPreviousData,
    refetchInterval: live ? LIVE_POLL_MS : false,
  });
}

/** The report exists only once the run has ended (the API answers 409 before). */
export function useRunReport(id: string, ended: boolean) {
  return useQuery({ queryKey: queryKeys.runReport(id), queryFn: () => fetchRunReport(id), enabled: ended });
}

export function useReview(offset: number, limit: number) {
  return useQuery({
    queryKey: queryKeys.reviewPage(offset, limit),
    queryFn: () => fetchReview(offset, limit),
    placeholderData: keepPreviousData,
  });
}
