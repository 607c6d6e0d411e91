// TanStack Query keys and hooks for the UI. Live views poll only while a run is active.
import { roleSatisfies, type Role } from "@/lib/shared/roles";
import { keepPreviousData, useQueries, useQuery } from "@tanstack/react-query";
import { ACTIVE_RUN_STATUSES, type ItemStatus, type ReviewFilter, type RunPreview, type RunStatus } from "@/lib/shared/api-types";
import {
  ApiError,
  fetchDataset,
  fetchDatasetColumns,
  fetchDatasets,
  fetchMe,
  fetchMeta,
  fetchReview,
  fetchReviewExamples,
  fetchReviewJob,
  fetchReviewSummary,
  fetchRun,
  fetchRunBatches,
  fetchRemoteBatches,
  fetchRunItems,
  fetchRunReport,
  fetchRunTimeline,
  fetchRuns,
  previewRun,
  type CreateRunInput,
  type RunListFilter,
} from "@/lib/client/api-client";

/** How often live views refresh while a run is queued, running or paused. */
export const LIVE_POLL_MS = 1000;
const META_STALE_MS = 5 * 60_000;
/** A preview reads the whole dataset: reuse it while the settings stay the same. */
const PREVIEW_STALE_MS = 30_000;

export const queryKeys = {
  meta: ["meta"] as const,
  me: ["me"] as const,
  datasets: ["datasets"] as const,
  /** Everything about one dataset: invalidate this after renaming it. */
  dataset: (id: string) => ["datasets", id] as const,
  datasetSummary: (id: string) => ["datasets", id, "summary"] as const,
  datasetRows: (id: string, q: string, offset: number, limit: number) => ["datasets", id, "rows", { q, offset, limit }] as const,
  datasetColumns: (id: string) => ["datasets", id, "columns"] as const,
  runs: ["runs"] as const,
  /** Every filtered runs list: invalidate this after a run changes. */
  runList: ["runs", "list"] as const,
  runListFiltered: (filter: RunListFilter) => ["runs", "list", { status: filter.status ?? "all", datasetId: filter.datasetId ?? "all" }] as const,
  run: (id: string) => ["runs", id] as const,
  runBatches: (id: string) => ["runs", id, "batches"] as const,
  remoteBatches: (id: string) => ["runs", id, "remote-batches"] as const,
  runTimeline: (id: string, buckets: number) => ["runs", id, "timeline", buckets] as const,
  runItems: (id: string, status: ItemStatus | undefined, after: number | undefined, limit: number) =>
    ["runs", id, "items", { status: status ?? "all", after: after ?? "first", limit }] as const,
  runReport: (id: string) => ["runs", id, "report"] as const,
  /** Under "runs": starting a run changes the response cache, so invalidating runs refreshes previews. */
  runPreview: (input: CreateRunInput) => ["runs", "preview", input] as const,
  review: ["review"] as const,
  reviewPage: (offset: number, limit: number, filter: ReviewFilter = {}) => ["review", "page", { offset, limit, ...filter }] as const,
  reviewSummary: (filter: ReviewFilter = {}) => ["review", "summary", { runId: filter.runId, datasetId: filter.datasetId }] as const,
  reviewJob: (id: string) => ["review-jobs", id] as const,
  reviewExamples: (runId: string) => ["review", "examples", runId] as const,
};

/** How often the navigation badge and the queue's counts refresh. */
export const REVIEW_SUMMARY_POLL_MS = 10_000;
/** How often a bulk review job's progress is read while it runs. */
export const REVIEW_JOB_POLL_MS = 700;

export function isRunActive(status: RunStatus | undefined): boolean {
  return status !== undefined && ACTIVE_RUN_STATUSES.includes(status);
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

export function useMeta() {
  return useQuery({ queryKey: queryKeys.meta, queryFn: fetchMeta, staleTime: META_STALE_MS });
}

/** The signed-in user and role; the UI hides what the role cannot do (the API refuses it anyway). */
export function useMe() {
  return useQuery({ queryKey: queryKeys.me, queryFn: fetchMe, staleTime: META_STALE_MS });
}

/** Whether the signed-in user may do what `needed` may: false while unknown, so nothing flashes up. */
export function useCan(needed: Role): boolean {
  return roleSatisfies(useMe().data?.user.role, needed);
}

export function useDatasets() {
  return useQuery({ queryKey: queryKeys.datasets, queryFn: fetchDatasets });
}

/** The dataset without rows: name, columns, row count. */
export function useDataset(id: string) {
  return useQuery({
    queryKey: queryKeys.datasetSummary(id),
    queryFn: ({ signal }) => fetchDataset(id, { offset: 0, limit: 0 }, signal),
  });
}

const rowPageQuery = (id: string, q: string, offset: number, limit: number) => ({
  queryKey: queryKeys.datasetRows(id, q, offset, limit),
  queryFn: ({ signal }: { signal: AbortSignal }) => fetchDataset(id, { offset, limit, q }, signal),
  // Stored rows never change; a rename does not touch them.
  staleTime: Infinity,
});

/** The first page of rows matching `q`, for its total; the previous search's stays shown while it loads. */
export function useDatasetRowsTotal(id: string, q: string, limit: number) {
  return useQuery({ ...rowPageQuery(id, q, 0, limit), placeholderData: keepPreviousData });
}

/**
 * The given pages of rows matching `q` (page p holds rows [p × limit, (p + 1) × limit)). A page
 * not `enabled` is not fetched, but shows what is already cached.
 */
export function useDatasetRowPages(id: string, q: string, pages: readonly { page: number; enabled: boolean }[], limit: number) {
  return useQueries({
    queries: pages.map(({ page, enabled }) => ({ ...rowPageQuery(id, q, page * limit, limit), enabled })),
  });
}

/** Column types and counts: computed once per dataset on the server, and unchanging. */
export function useDatasetColumns(id: string) {
  return useQuery({
    queryKey: queryKeys.datasetColumns(id),
    queryFn: ({ signal }) => fetchDatasetColumns(id, signal),
    staleTime: Infinity,
  });
}

export function useRuns(filter: RunListFilter = {}) {
  return useQuery({
    queryKey: queryKeys.runListFiltered(filter),
    queryFn: () => fetchRuns(filter),
    // A new filter keeps the old list on screen until its answer arrives, instead of flashing skeletons.
    placeholderData: keepPreviousData,
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

/** A batch-mode run's Batch API batches; they move slowly (minutes to hours), so a slow poll while live. */
export const REMOTE_BATCHES_POLL_MS = 5000;

export function useRemoteBatches(id: string, live: boolean) {
  return useQuery({
    queryKey: queryKeys.remoteBatches(id),
    queryFn: () => fetchRemoteBatches(id),
    refetchInterval: live ? REMOTE_BATCHES_POLL_MS : false,
  });
}

/**
 * The timeline reads a run's attempts (about a second for 120,000 on SQLite, tests/bench/timeline.bench.ts),
 * and its buckets are seconds to minutes wide: a slower poll than the counters' is enough.
 */
export const TIMELINE_POLL_MS = 3000;

/** The run's time series (throughput, 429s, latency, cost); polled while the run is live. */
export function useRunTimeline(id: string, live: boolean, buckets = 60) {
  return useQuery({
    queryKey: queryKeys.runTimeline(id, buckets),
    queryFn: () => fetchRunTimeline(id, buckets),
    placeholderData: keepPreviousData,
    refetchInterval: live ? TIMELINE_POLL_MS : false,
  });
}

/** `after`: the previous page's nextCursor (undefined for the first page). */
export function useRunItems(id: string, status: ItemStatus | undefined, after: number | undefined, limit: number, live: boolean) {
  return useQuery({
    queryKey: queryKeys.runItems(id, status, after, limit),
    queryFn: () => fetchRunItems(id, status, after, limit),
    placeholderData: keepPreviousData,
    refetchInterval: live ? LIVE_POLL_MS : false,
  });
}

/** The report exists only once the run has ended (the API answers 409 before). */
export function useRunReport(id: string, ended: boolean) {
  return useQuery({ queryKey: queryKeys.runReport(id), queryFn: () => fetchRunReport(id), enabled: ended });
}

export function useReview(offset: number, limit: number, filter: ReviewFilter = {}) {
  return useQuery({
    queryKey: queryKeys.reviewPage(offset, limit, filter),
    queryFn: () => fetchReview(offset, limit, filter),
    placeholderData: keepPreviousData,
  });
}

/** Counts per error kind, the runs and datasets with items in review, and the open count; polled. */
export function useReviewSummary(filter: ReviewFilter = {}, enabled = true) {
  return useQuery({
    queryKey: queryKeys.reviewSummary(filter),
    queryFn: () => fetchReviewSummary({ runId: filter.runId, datasetId: filter.datasetId }),
    placeholderData: keepPreviousData,
    refetchInterval: REVIEW_SUMMARY_POLL_MS,
    enabled,
  });
}

/** A bulk review job, polled until it has finished. */
export function useReviewJob(id: string) {
  return useQuery({
    queryKey: queryKeys.reviewJob(id),
    queryFn: () => fetchReviewJob(id),
    refetchInterval: (query) => (query.state.data && ["completed", "failed"].includes(query.state.data.status) ? false : REVIEW_JOB_POLL_MS),
  });
}

/** The caller's own resolutions in a run: the examples a retry can carry. */
export function useReviewExamples(runId: string | null) {
  return useQuery({
    queryKey: queryKeys.reviewExamples(runId ?? "none"),
    queryFn: () => fetchReviewExamples(runId ?? ""),
    enabled: runId !== null,
  });
}

/** The pre-filter preview of a run not started yet; `null` (settings not valid yet) fetches nothing. */
export function useRunPreview(input: CreateRunInput | null) {
  return useQuery({
    queryKey: input ? queryKeys.runPreview(input) : ["runs", "preview", "none"],
    queryFn: ({ signal }) => (input ? previewRun(input, signal) : Promise.reject<RunPreview>(new Error("The run settings are not complete yet."))),
    enabled: input !== null,
    staleTime: PREVIEW_STALE_MS,
    placeholderData: keepPreviousData,
    // Bad settings get the same answer however often they are asked.
    retry: (failures, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
  });
}
