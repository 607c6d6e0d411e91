// Typed fetch wrappers for the HTTP API (README, "HTTP API"), used by the browser UI.
import type {
  BatchRow,
  RemoteBatchView,
  DatasetColumns,
  DatasetDetail,
  DatasetSummary,
  DatasetUploadResult,
  ExportFormat,
  ItemPage,
  ItemRow,
  ItemStatus,
  Me,
  MetaResponse,
  Page,
  ReportFormat,
  ReviewAction,
  ReviewExample,
  ReviewFilter,
  ReviewItem,
  ReviewJob,
  ReviewSummary,
  RunPreview,
  RunReport,
  RunStatus,
  RunSummary,
  RunTimeline,
  CreatedStream,
  StreamStats,
  StreamSummary,
  WebhookDeliveryRow,
} from "@/lib/shared/api-types";
import type { RunDraftResponse } from "@/lib/shared/run-draft";
import type { CreateRunRequest } from "@/lib/shared/run-settings";
import type { CreateStreamBody } from "@/lib/shared/stream-settings";

/** `GET /api/meta`. */

/** Body of `POST /api/runs`: the shared schema's input (lib/shared/run-settings.ts), so the UI and the API cannot disagree. */
export type CreateRunInput = CreateRunRequest;

export type RunControl = "pause" | "resume" | "cancel";

/** An API failure carrying the server's `error.code`, `error.message` and, when given, the field at fault. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly field: string | undefined;

  constructor(code: string, message: string, status: number, field?: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
    this.field = field;
  }
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A proxy's HTML error page is not JSON; the status code still tells the story.
    return null;
  }
}

function toApiError(status: number, body: unknown): ApiError {
  const error = typeof body === "object" && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error === "object" && error !== null) {
    const { code, message, field } = error as Record<string, unknown>;
    return new ApiError(
      typeof code === "string" ? code : "error",
      typeof message === "string" ? message : `Request failed (${status})`,
      status,
      typeof field === "string" ? field : undefined,
    );
  }
  return new ApiError("http_error", `Request failed (${status})`, status);
}

export async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { accept: "application/json", ...init?.headers } });
  } catch (error) {
    // A cancelled request (TanStack Query aborts queries nobody watches any more) is no outage.
    if (init?.signal?.aborted) throw error;
    throw new ApiError("network_error", "Could not reach the Batchwise server.", 0);
  }
  const body = parseJson(await response.text());
  // The session ran out (or was signed out elsewhere): back to sign-in, then back here.
  if (response.status === 401 && typeof window !== "undefined") {
    window.location.assign(`/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  }
  if (!response.ok) throw toApiError(response.status, body);
  return body as T;
}

export function postJson<T>(path: string, body?: unknown): Promise<T> {
  return request<T>(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

export const fetchMeta = () => request<MetaResponse>("/api/meta");

export const fetchMe = () => request<Me>("/api/me");

export const fetchDatasets = () => request<{ items: DatasetSummary[] }>("/api/datasets");

/** A page of a dataset's rows; with `q`, of the rows with a cell containing it. */
export const fetchDataset = (id: string, page: { offset: number; limit: number; q?: string }, signal?: AbortSignal) =>
  request<DatasetDetail>(
    withQuery(`/api/datasets/${encodeURIComponent(id)}`, { offset: page.offset, limit: page.limit, q: page.q || undefined }),
    { signal },
  );

export const fetchDatasetColumns = (id: string, signal?: AbortSignal) =>
  request<DatasetColumns>(`/api/datasets/${encodeURIComponent(id)}/columns`, { signal });

export const renameDataset = (id: string, name: string) =>
  request<DatasetSummary>(`/api/datasets/${encodeURIComponent(id)}`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });

/** Refused with 409 while a run of the dataset is queued, running or paused. */
export const fetchRunDraft = (datasetId: string) => request<RunDraftResponse>(`/api/datasets/${encodeURIComponent(datasetId)}/draft`);

export const saveRunDraft = (datasetId: string, values: Record<string, unknown>) =>
  request<RunDraftResponse>(`/api/datasets/${encodeURIComponent(datasetId)}/draft`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ values }),
  });

export const deleteDataset = (id: string) => request<null>(`/api/datasets/${encodeURIComponent(id)}`, { method: "DELETE" });

/** Multipart upload through XMLHttpRequest, the one browser API that reports upload progress. */
/** `encoding` and `delimiter` override detection ("tab" for a tab); omitted, the server detects them. */
export function uploadDataset(
  file: File,
  fields: { name?: string; encoding?: string; delimiter?: string },
  onProgress: (fraction: number) => void,
): Promise<DatasetUploadResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/datasets");
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as DatasetUploadResult);
      else reject(toApiError(xhr.status, body));
    };
    xhr.onerror = () => reject(new ApiError("network_error", "The upload could not reach the Batchwise server.", 0));
    xhr.onabort = () => reject(new ApiError("aborted", "The upload was cancelled.", 0));
    const form = new FormData();
    form.append("file", file);
    for (const [field, value] of Object.entries(fields)) if (value) form.append(field, value);
    xhr.send(form);
  });
}

export const createRun = (input: CreateRunInput) => postJson<{ id: string; status: RunStatus }>("/api/runs", input);

/** What the pre-filter would remove from this run and what the rest would cost; writes nothing. */
export const previewRun = (input: CreateRunInput, signal?: AbortSignal) =>
  request<RunPreview>("/api/runs/preview", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input),
    signal,
  });

/** What the runs list is narrowed to (GET /api/runs?status=&datasetId=); unset: every run. */
export interface RunListFilter {
  status?: RunStatus;
  datasetId?: string;
}

export const fetchRuns = (filter: RunListFilter = {}) =>
  request<{ items: RunSummary[] }>(withQuery("/api/runs", { status: filter.status, datasetId: filter.datasetId }));

export const fetchRun = (id: string) => request<RunSummary>(`/api/runs/${encodeURIComponent(id)}`);

export const fetchRunBatches = (id: string) => request<{ items: BatchRow[] }>(`/api/runs/${encodeURIComponent(id)}/batches`);
export const fetchRemoteBatches = (id: string) => request<{ items: RemoteBatchView[] }>(`/api/runs/${encodeURIComponent(id)}/remote-batches`);

/** `GET /api/runs/:id/timeline`: the run's calls in at most `buckets` time buckets. */
export const fetchRunTimeline = (id: string, buckets: number) =>
  request<RunTimeline>(withQuery(`/api/runs/${encodeURIComponent(id)}/timeline`, { buckets }));

/** A page of a run's items: the first, or the one after a rowIndex (the previous page's `nextCursor`). */
export const fetchRunItems = (id: string, status: ItemStatus | undefined, after: number | undefined, limit: number) =>
  request<ItemPage>(withQuery(`/api/runs/${encodeURIComponent(id)}/items`, { status, after, limit }));

export const controlRun = (id: string, action: RunControl) => postJson<RunSummary>(`/api/runs/${encodeURIComponent(id)}/${action}`);

/** What a person may change on a paused run: the budget (null: no cap) and the breaker's threshold. */
export interface RunChanges {
  budgetUsd?: number | null;
  errorThreshold?: number;
}

/** `PATCH /api/runs/:id`: only while paused (409 otherwise). */
export const changeRun = (id: string, changes: RunChanges) =>
  request<RunSummary>(`/api/runs/${encodeURIComponent(id)}`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(changes),
  });

/** `POST /api/runs/:id/resume` with the changes made as it resumes, and the breaker off for this pass. */
export const resumeRunWith = (id: string, options: RunChanges & { ignoreBreakerThisPass?: boolean }) =>
  postJson<RunSummary>(`/api/runs/${encodeURIComponent(id)}/resume`, options);

export const fetchRunReport = (id: string) => request<RunReport>(`/api/runs/${encodeURIComponent(id)}/report`);

/** A download of the run's results; `onlyFailed`: just the items failed or awaiting review. */
export const runExportUrl = (id: string, format: ExportFormat, onlyFailed = false) =>
  withQuery(`/api/runs/${encodeURIComponent(id)}/export`, { format, only: onlyFailed ? "failed" : undefined });

/** The final report as a file (the run must have ended). */
export const runReportDownloadUrl = (id: string, format: ReportFormat) => withQuery(`/api/runs/${encodeURIComponent(id)}/report`, { format });

/** The filter narrows the queue by run, dataset and error kind. */
export const fetchReview = (offset: number, limit: number, filter: ReviewFilter = {}) =>
  request<Page<ReviewItem>>(withQuery("/api/review", { offset, limit, ...filter }));

export const fetchReviewSummary = (filter: Pick<ReviewFilter, "runId" | "datasetId"> = {}) =>
  request<ReviewSummary>(withQuery("/api/review/summary", { ...filter }));

/** Body of `POST /api/review/jobs`: the items by id, or every item matching a filter. */
export type ReviewJobInput = { action: ReviewAction; output?: string; exampleItemIds?: string[] } & (
  | { itemIds: string[] }
  | { filter: ReviewFilter }
);

/** Answered 202: the job runs in the background; poll fetchReviewJob for its progress. */
export const createReviewJob = (body: ReviewJobInput) => postJson<ReviewJob>("/api/review/jobs", body);

export const fetchReviewJob = (id: string) => request<ReviewJob>(`/api/review/jobs/${encodeURIComponent(id)}`);

export const fetchReviewExamples = (runId: string) => request<{ items: ReviewExample[] }>(withQuery("/api/review/examples", { runId }));

export const actOnReviewItem = (itemId: string, body: { action: ReviewAction; output?: string; input?: string }) =>
  postJson<ItemRow>(`/api/review/${encodeURIComponent(itemId)}`, body);

/** The message to show for any thrown value. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : "Something went wrong.";
}

// ---- Streams
export type StreamControl = "pause" | "resume" | "archive";

export const fetchStreams = () => request<{ items: StreamSummary[] }>("/api/streams");
export const fetchStream = (id: string) => request<StreamSummary>(`/api/streams/${encodeURIComponent(id)}`);
export const fetchStreamStats = (id: string) => request<StreamStats>(`/api/streams/${encodeURIComponent(id)}/stats`);
export const fetchStreamDeliveries = (id: string) => request<{ items: WebhookDeliveryRow[] }>(`/api/streams/${encodeURIComponent(id)}/deliveries`);
export const createStream = (input: CreateStreamBody) => postJson<CreatedStream>("/api/streams", input);
export const controlStream = (id: string, action: StreamControl) => postJson<StreamSummary>(`/api/streams/${encodeURIComponent(id)}/${action}`);
export const resendDelivery = (streamId: string, deliveryId: string) =>
  postJson<{ id: string; status: string }>(`/api/streams/${encodeURIComponent(streamId)}/deliveries/${encodeURIComponent(deliveryId)}/resend`);
