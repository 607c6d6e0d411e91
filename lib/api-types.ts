// JSON shapes of the HTTP API (DESIGN.md "The HTTP API"): shared by route handlers and the UI.

export type RunStatus = "queued" | "running" | "paused" | "completed" | "failed" | "cancelled";
export type ItemStatus = "pending" | "processing" | "completed" | "failed" | "needs_review" | "skipped";
export type RunKind = "sample" | "full";

export const ITEM_STATUSES: readonly ItemStatus[] = ["pending", "processing", "completed", "failed", "needs_review", "skipped"];
export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ["queued", "running", "paused"];

export interface ApiErrorBody {
  error: { code: string; message: string; [detail: string]: unknown };
}

/** GET /api/meta: what the UI needs to know about this deployment. */
export interface MetaResponse {
  simulated: boolean;
  executor: "local" | "inngest";
  models: { id: string; inputUsdPerMTok: number; outputUsdPerMTok: number }[];
  defaults: {
    model: string;
    batchSize: number;
    concurrency: number;
    delayMs: number;
    maxRetries: number;
    errorThreshold: number;
    sampleSize: number;
  };
}

export interface DatasetSummary {
  id: string;
  name: string;
  rowCount: number;
  columns: string[];
  createdAt: string;
}

/** `POST /api/datasets` (201): the new dataset, and what the parser decided or changed on the way. */
export interface DatasetUploadResult extends DatasetSummary {
  /** Visible notes: renamed columns, an encoding fallback, skipped blank lines. */
  warnings: string[];
  /** The delimiter used: ",", ";", "\t" or "|". */
  delimiter: string;
  /** "utf-8", "utf-16le", "utf-16be" or "windows-1252". */
  encoding: string;
}

export interface DatasetDetail extends DatasetSummary {
  /** The requested page of rows, each an object keyed by column name. */
  rows: { index: number; values: Record<string, string> }[];
  offset: number;
  limit: number;
}

export interface RunSettings {
  model: string;
  prompt: { template: string; system: string | null };
  outputSchema: unknown | null;
  batchSize: number;
  concurrency: number;
  delayMs: number;
  maxRetries: number;
  errorThreshold: number;
  budgetUsd: number | null;
  priority: number;
  sampleSize: number | null;
}

export interface RunSummary {
  id: string;
  datasetId: string;
  datasetName: string;
  kind: RunKind;
  status: RunStatus;
  pauseReason: string | null;
  executor: "local" | "inngest";
  simulated: boolean;
  total: number;
  counts: Record<ItemStatus, number>;
  batches: { done: number; total: number };
  cost: { usd: number; tokensIn: number; tokensOut: number };
  etaSeconds: number | null;
  /** The seed's words: "Batch 3/104 complete. 60/2,080 items processed. 2 failures so far. …" */
  progressLine: string;
  settings: RunSettings;
  sourceRunId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Sample runs only: what the full dataset would cost and take, extrapolated from this sample. */
  projection: { items: number; costUsd: number; seconds: number } | null;
}

export interface BatchRow {
  number: number;
  pass: number;
  size: number;
  ok: number;
  failed: number;
  costUsd: number;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ItemRow {
  id: string;
  rowIndex: number;
  input: string;
  output: string | null;
  status: ItemStatus;
  errorKind: string | null;
  errorMessage: string | null;
  skipReason: string | null;
  attempts: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  latencyMs: number | null;
  batchNumber: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

export interface RunReport {
  runId: string;
  status: RunStatus;
  totalItems: number;
  completed: number;
  failed: number;
  skipped: number;
  needsReview: number;
  retryCount: number;
  costUsd: number;
  tokensIn: number;
  tokensOut: number;
  avgLatencyMs: number | null;
  p95LatencyMs: number | null;
  wallTimeSeconds: number | null;
  errorKinds: Record<string, number>;
}

export interface ReviewItem extends ItemRow {
  runId: string;
  datasetName: string;
  model: string;
  attemptErrors: { pass: number; errorKind: string | null; errorMessage: string | null; at: string }[];
}

export type ReviewAction = "retry" | "resolve" | "discard";
