// The comparisons API from the browser: fetchers, query keys and hooks (beside api-client.ts and queries.ts).
import { useQuery } from "@tanstack/react-query";
import { postJson, request, withQuery } from "@/lib/client/api-client";
import type { CreateComparisonInput, LaunchComparisonInput, VerdictInput } from "@/lib/shared/comparison-settings";
import type { ComparisonDetail, ComparisonListItem, ComparisonRowsPage, LaunchResult, VerdictResult } from "@/lib/shared/comparison-types";

export type RowFilter = "all" | "disagreements" | "unjudged";

/** How often a comparison refreshes while its sample runs go. */
export const COMPARISON_POLL_MS = 1500;

export const comparisonKeys = {
  all: ["comparisons"] as const,
  list: (datasetId?: string) => ["comparisons", "list", datasetId ?? "all"] as const,
  detail: (id: string) => ["comparisons", id] as const,
  rows: (id: string, offset: number, limit: number, filter: RowFilter) => ["comparisons", id, "rows", { offset, limit, filter }] as const,
};

export const createComparison = (input: CreateComparisonInput) => postJson<{ id: string; runs: string[] }>("/api/comparisons", input);

export const fetchComparisons = (datasetId?: string) => request<{ items: ComparisonListItem[] }>(withQuery("/api/comparisons", { datasetId }));

export const fetchComparison = (id: string) => request<ComparisonDetail>(`/api/comparisons/${encodeURIComponent(id)}`);

export const fetchComparisonRows = (id: string, offset: number, limit: number, filter: RowFilter) =>
  request<ComparisonRowsPage>(withQuery(`/api/comparisons/${encodeURIComponent(id)}/rows`, { offset, limit, filter }));

export const judgeItem = (runId: string, itemId: string, body: VerdictInput) =>
  postJson<VerdictResult>(`/api/runs/${encodeURIComponent(runId)}/items/${encodeURIComponent(itemId)}/verdict`, body);

export const launchComparison = (id: string, body: LaunchComparisonInput) => postJson<LaunchResult>(`/api/comparisons/${encodeURIComponent(id)}/launch`, body);

export function useComparisons(datasetId?: string) {
  return useQuery({ queryKey: comparisonKeys.list(datasetId), queryFn: () => fetchComparisons(datasetId) });
}

export function useComparison(id: string) {
  return useQuery({
    queryKey: comparisonKeys.detail(id),
    queryFn: () => fetchComparison(id),
    refetchInterval: (query) => (query.state.data?.status === "running" ? COMPARISON_POLL_MS : false),
  });
}

export function useComparisonRows(id: string, offset: number, limit: number, filter: RowFilter, live: boolean) {
  return useQuery({
    queryKey: comparisonKeys.rows(id, offset, limit, filter),
    queryFn: () => fetchComparisonRows(id, offset, limit, filter),
    refetchInterval: live ? COMPARISON_POLL_MS : false,
  });
}
