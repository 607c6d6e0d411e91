// JSON shapes of the HTTP API (README, "HTTP API"): shared by route handlers and the UI.

export type RunStatus = "queued" | "running" | "paused" | "completed" | "failed" | "cancelled";
export type ItemStatus = "pending" | "processing" | "completed" | "failed" | "needs_review" | "skipped";
export type RunKind = "sample" | "full" | "stream";
/** Why a paused run waits: a person paused it; the error-rate breaker; the budget (continue by raising it); an execution out of retries. */
export type PauseKind = "person" | "breaker" | "budget" | "execution";

export const ITEM_STATUSES: readonly ItemStatus[] = ["pending", "processing", "completed", "failed", "needs_review", "skipped"];
export const RUN_STATUSES: readonly RunStatus[] = ["queued", "running", "paused", "completed", "failed", "cancelled"];
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
    minInputChars: number;
    useCache: boolean;
  };
}

export interface DatasetSummary {
  id: string;
  name: string;
  rowCount: number;
  columns: string[];
  createdAt: string;
  /** The uploader's e-mail (null: made outside a request, or the user is gone). */
  createdBy: string | null;
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
  /** The requested page of rows (of the matching rows when `q` is given), each keyed by column name. */
  rows: { index: number; values: Record<string, string> }[];
  offset: number;
  limit: number;
  /** The search: rows with a cell containing it, case-insensitively; null when not searching. */
  q: string | null;
  /** How many rows match `q`: rowCount when not searching. */
  total: number;
}

/** Inferred from the non-empty values; rules in lib/server/datasets/column-stats.ts. "empty": no value at all. */
export type ColumnType = "integer" | "number" | "boolean" | "date" | "email" | "url" | "text" | "empty";

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  /** Cells that are missing, empty or only whitespace. */
  empty: number;
  /** Different non-empty values; when distinctExact is false, counting stopped here and there are more. */
  distinct: number;
  distinctExact: boolean;
  /** The first non-empty value, cut to 200 characters; null when there is none. */
  sample: string | null;
  /** The longest value, in UTF-16 code units. */
  maxLength: number;
}

/** GET /api/datasets/:id/columns. */
export interface DatasetColumns {
  datasetId: string;
  rowCount: number;
  columns: ColumnProfile[];
}

export interface RunSettings {
  model: string;
  prompt: { template: string; system: string | null };
  outputSchema: unknown | null;
  /** Labels as the output shape: the answer is one of them. */
  labels: string[] | null;
  /** max_tokens sent with each request, when set. */
  maxTokens: number | null;
  batchSize: number;
  concurrency: number;
  delayMs: number;
  maxRetries: number;
  errorThreshold: number;
  budgetUsd: number | null;
  priority: number;
  sampleSize: number | null;
  /** Pre-filter: rows whose filled-in values are shorter are skipped as too short. */
  minInputChars: number;
  /** Pre-filter: answers of earlier runs to the same request are reused. */
  useCache: boolean;
  /** "sync" | "batch" (the Batch API); absent on servers before batch mode. */
  mode?: "sync" | "batch";
  batchApiRetries?: boolean;
}

/** A run's progress, told truthfully: the share counts only items sent to the model. */
export interface RunProgressFacts {
  /** Items the run sends to the model: all but the pre-filtered. */
  toSend: number;
  /** Of those, items nothing more is waiting for from the model (answered, in review, discarded). */
  done: number;
  /** done / toSend × 100 (100 when nothing is to be sent). */
  percent: number;
  /** Items the pre-filter kept from the model, by rule: apart from, and outside, the share. */
  prefiltered: { total: number; duplicates: number; cached: number; tooShort: number };
  /** Items that have failed at least one attempt: never goes down. */
  failedOnce: number;
  /** Items failing now: failed (a retry pass may take them) or waiting for review. */
  stillFailing: number;
  /** Stopped by budget: the items not sent, and failed items not retried; null otherwise. */
  unsent: { items: number; retries: number } | null;
}

export interface RunSummary {
  id: string;
  /** The launcher's e-mail (null: made outside a request, or the user is gone). */
  createdBy: string | null;
  datasetId: string;
  datasetName: string;
  kind: RunKind;
  status: RunStatus;
  pauseReason: string | null;
  /** Why the run is paused (null unless paused): "budget" continues once the budget is raised. */
  pauseKind: PauseKind | null;
  /** The retry pass (0 = first pass) in which a person turned the error-rate breaker off; null when it is on. */
  breakerOffPass: number | null;
  executor: "local" | "inngest";
  simulated: boolean;
  total: number;
  counts: Record<ItemStatus, number>;
  batches: { done: number; total: number };
  cost: { usd: number; tokensIn: number; tokensOut: number };
  /** The provider the run calls ("default", "simulator" or a provider's id) and its name. */
  provider: { id: string; name: string };
  /** The model had no price when the run was created: its cost shows $0 and is not real. */
  priceUnknown: boolean;
  progress: RunProgressFacts;
  /** Time remaining at the recent pace (smoothed over recent batches); null while paused, before a pace is known, or once ended. */
  etaSeconds: number | null;
  /** "Batch 3/104 complete. 60 of 1,297 items done. 2 failed at least once; 2 still failing. 783 skipped before sending: … Estimated time remaining: 1 minute." */
  progressLine: string;
  settings: RunSettings;
  sourceRunId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Sample runs only: what the full dataset would cost and take, extrapolated from this sample. */
  projection: { items: number; costUsd: number; seconds: number } | null;
}

/** `POST /api/runs/preview` (same body as `POST /api/runs`): the pre-filter's effect and the cost of the rest, before launch. */
export interface RunPreview {
  /** Items the run would have. */
  total: number;
  /** Items that would be sent to the model. */
  toSend: number;
  /** First-pass batches those make. */
  batches: number;
  /** Every rule, in a fixed order, with what it removes and the estimated money that saves. */
  rules: {
    rule: "duplicate" | "too_short" | "cached";
    count: number;
    savedUsd: number;
    /** Up to 3 rows (0-based rowIndex); a duplicate names its original's row. */
    examples: { rowIndex: number; input: string; duplicateOf?: number }[];
  }[];
  /** Estimated cost of the items sent: estimated input tokens plus `outputTokens.perItem` each. */
  estimatedCostUsd: number;
  /** The output tokens per item the estimate assumes, and where the figure comes from. */
  outputTokens: { perItem: number; basis: "earlier_runs" | "assumed"; answers: number };
  /** The pre-filter settings the preview applied (defaults filled in). */
  settings: { minInputChars: number; useCache: boolean };
  /**
   * A full run after a sample of the same request: cost as a low-high range (the sample's p10-p90 cost
   * per item times `toSend`) and time from the sample's pace, settings and known rate limits. Null otherwise.
   */
  projection: { usdLow: number; usdHigh: number; seconds: number; measuredItems: number; sampleRunId: string } | null;
  /** Output tokens per item the budget check reserves: a sample's p95, the run's maxTokens, or the default. */
  reservedOutputTokens: { perItem: number; basis: "sample" | "max_tokens" | "default" };
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

/** One time bucket of `GET /api/runs/:id/timeline`: the model calls that ended in it. */
export interface TimelineBucket {
  /** ISO start of the bucket. */
  start: string;
  /** Seconds of the bucket that have happened (the full width, except in the last bucket). */
  seconds: number;
  /** Model calls that ended in the bucket, whatever their outcome. */
  attempts: number;
  /** Calls that answered their item (it became completed). */
  completed: number;
  failed: number;
  /** Completed items per minute of the bucket. */
  itemsPerMinute: number;
  /** 429 answers the endpoint gave these calls. */
  rateLimited: number;
  /** Milliseconds these calls waited for leave to send (rate limiter, 429 pauses), summed. */
  rateLimitWaitMs: number;
  /** Nearest-rank latency percentiles of the calls (cancelled ones left out); null when none. */
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  costUsd: number;
  /** Running totals from the run's start to the end of this bucket. */
  cumulativeCompleted: number;
  cumulativeCostUsd: number;
}

/**
 * `GET /api/runs/:id/timeline?buckets=60`: the run from its start to its end (or now), cut into at
 * most `buckets` buckets of a round width (1 s, 2 s, 5 s … 1 min, 2 min, 5 min …).
 */
export interface RunTimeline {
  runId: string;
  status: RunStatus;
  /** ISO; null (and no buckets) before the run starts. */
  start: string | null;
  end: string | null;
  bucketSeconds: number;
  buckets: TimelineBucket[];
  /** Items not answered yet that the run will still send: pending, in flight, failed awaiting a retry pass. */
  remaining: number;
  /** While running: when `remaining` would be answered at the recent pace, and the completed count it would reach. */
  projection: { finishAt: string; completed: number } | null;
  budgetUsd: number | null;
  /** The error-rate breaker's threshold, as a fraction (0.1 = 10 %). */
  errorThreshold: number;
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
  /** The review decision ("retry" | "resolve" | "discard"), the e-mail of who took it, and when. */
  reviewAction: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

/**
 * GET /api/runs/:id/items: a page by `offset`, or by key (`after` a rowIndex), which costs the same
 * at row 90,000 as at row 0. Pass `nextCursor` as `after` for the next page.
 */
export interface ItemPage {
  items: ItemRow[];
  /** The run's items (with the status asked for), from its counters. */
  total: number;
  /** The offset asked for; null for a page asked for by `after`. */
  offset: number | null;
  /** The `after` asked for; null for a page asked for by offset. */
  after: number | null;
  limit: number;
  /** The rowIndex of this page's last item when more follow; null on the last page. */
  nextCursor: number | null;
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
  /** Batch mode only: what the Batch API answered, its cost, and the saving against the synchronous price of the same tokens. */
  batchApi?: BatchApiReport;
}

export interface BatchApiReport {
  remoteBatches: number;
  /** Items answered through the Batch API (the rest of the completed were answered synchronously). */
  answered: number;
  /** Items whose remote batch expired or was cancelled before they ran: sent synchronously instead. */
  unattempted: number;
  costUsd: number;
  /** What the same tokens would have cost synchronously. */
  syncPriceUsd: number;
  savingUsd: number;
}

/** Where a Batch API batch stands, as the provider said at the last look. */
export type RemoteBatchStatus = "planned" | "validating" | "in_progress" | "finalizing" | "completed" | "failed" | "expired" | "cancelling" | "cancelled" | "empty";

/** GET /api/runs/:id/remote-batches: one row per Batch API batch of a batch-mode run. */
export interface RemoteBatchView {
  pass: number;
  number: number;
  status: RemoteBatchStatus;
  requestCount: number;
  /** The provider's request_counts at the last look. */
  completedCount: number;
  failedCount: number;
  batchId: string | null;
  /** At the Batch API price, once its results are recorded. */
  costUsd: number;
  syncPriceUsd: number;
  answered: number;
  errored: number;
  unattempted: number;
  submittedAt: string | null;
  finishedAt: string | null;
  settled: boolean;
}

/** GET /api/runs/:id/export?format= */
export const EXPORT_FORMATS = ["csv", "json", "jsonl"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** The export's `resolution` column: who settled the item (null while it is open). */
export type ExportResolution = "model" | "person";
/** GET /api/runs/:id/report?format= (a download when given, or with `download=1`). */
export const REPORT_FORMATS = ["json", "md"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReviewItem extends ItemRow {
  runId: string;
  datasetName: string;
  model: string;
  attemptErrors: { pass: number; errorKind: string | null; errorMessage: string | null; at: string }[];
}

export type ReviewAction = "retry" | "resolve" | "discard";

/** Narrows the review queue (GET /api/review, and a bulk job's "every item matching this filter"). */
export interface ReviewFilter {
  runId?: string;
  datasetId?: string;
  /** An error kind ("server", "timeout", …), or "none" for items without one. */
  errorKind?: string;
}

/** GET /api/review/summary: the open count, and what the filters can choose from, with counts. */
export interface ReviewSummary {
  /** Every item waiting for review, whatever the filter: the navigation badge. */
  open: number;
  /** Items matching the filter's run and dataset (not its error kind), by error kind ("none" without one). */
  byErrorKind: { errorKind: string; count: number }[];
  runs: { id: string; datasetId: string; datasetName: string; model: string; kind: string; createdAt: string; count: number }[];
  datasets: { id: string; name: string; count: number }[];
}

export type ReviewJobStatus = "queued" | "running" | "completed" | "failed";

/** A bulk review action executed in the background (POST /api/review/jobs answers 202 with it). */
export interface ReviewJob {
  id: string;
  action: ReviewAction;
  status: ReviewJobStatus;
  /** The items named, or null when the job covers a filter. */
  itemCount: number | null;
  filter: ReviewFilter | null;
  /** How many of the reviewer's resolutions go with each retry as examples. */
  exampleCount: number;
  /** Items the job covers; done + failed + skipped reach it once it has completed. */
  total: number;
  /** Answered by the model (retry), discarded, or resolved. */
  done: number;
  /** Retried and failed again: back in review. */
  failed: number;
  /** Someone else acted on them first. */
  skipped: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** GET /api/review/examples?runId=: the caller's own resolutions in a run, newest first: what a retry can send as examples. */
export interface ReviewExample {
  itemId: string;
  rowIndex: number;
  input: string;
  output: string;
  reviewedAt: string | null;
}

/** `GET /api/me`: who is calling, and with which role (null: none of Batchwise's, so nothing is allowed). */
export interface Me {
  user: { id: string; email: string; name: string; role: "owner" | "operator" | "reviewer" | null };
  via: "session" | "api-key";
}

/** A provider as the API shows it (GET /api/providers): never its key, only the key's last 4 characters. */
export interface ProviderView {
  /** "default", "simulator", or the provider's id. */
  id: string;
  name: string;
  baseUrl: string;
  /** "environment": OPENAI_* settings, read-only here; "simulator": built in; "custom": added in Settings. */
  kind: "environment" | "simulator" | "custom";
  /** The provider a run uses when it names none. */
  isDefault: boolean;
  /** Last 4 characters of the API key; null without a key. */
  apiKeyLast4: string | null;
  rpm: number | null;
  tpm: number | null;
  batchApi: boolean;
  /** Runs that use it (deleting one that has any is refused). */
  runCount: number;
  createdAt: string | null;
}

export interface ProviderModelPriceView {
  input: number;
  cachedInput: number;
  output: number;
  batchDiscount: number;
}

/** GET /api/providers/:id/models: what the endpoint lists, merged with the price table. */
export interface ProviderModelsResponse {
  items: {
    id: string;
    /** null: no price known, runs of it go at $0 marked "price unknown". */
    price: ProviderModelPriceView | null;
    /** "entered": from the provider's price table; "list": Batchwise's built-in list price. */
    priceSource: "entered" | "list" | null;
    /** Whether the endpoint's /v1/models named it (priced models it does not list are shown too). */
    listed: boolean;
  }[];
  /** Why the endpoint's model list could not be read (null when it answered). */
  listError: string | null;
}

// ---- Streams (items that arrive continuously; lib/server/streams/)

/** A stream's state: its run running, paused (by a person, the breaker or the daily budget), or ended (archived). */
export type StreamStatus = "running" | "paused" | "archived";

export interface StreamSummary {
  id: string;
  name: string;
  /** The run that holds its items (kind "stream"): items, review and export are the run's. */
  runId: string;
  status: StreamStatus;
  pauseReason: string | null;
  pauseKind: PauseKind | null;
  fields: string[];
  model: string;
  prompt: { template: string; system: string | null };
  outputSchema: Record<string, unknown> | null;
  maxBatchSize: number;
  maxWaitMs: number;
  concurrency: number;
  maxRetries: number;
  errorThreshold: number;
  priority: number;
  dailyBudgetUsd: number | null;
  webhookUrl: string | null;
  executor: "local" | "inngest";
  total: number;
  counts: Record<ItemStatus, number>;
  /** Items waiting or being sent: pending + processing. */
  queueDepth: number;
  batches: number;
  cost: { usd: number; tokensIn: number; tokensOut: number };
  createdAt: string;
}

/** POST /api/streams answers this: the webhook secret is shown here once and never again. */
export interface CreatedStream {
  id: string;
  runId: string;
  status: StreamStatus;
  webhookSecret: string | null;
}

/** POST /api/streams/:id/items → 202: one entry per item sent, in order; `duplicate` when its key named an earlier item. */
export interface AcceptedStreamItems {
  items: { id: string; key: string | null; duplicate: boolean }[];
}

export interface StreamItemView {
  id: string;
  streamId: string;
  key: string | null;
  status: ItemStatus;
  data: Record<string, string>;
  input: string;
  output: string | null;
  error: { kind: string | null; message: string | null } | null;
  attempts: number;
  costUsd: number;
  timings: {
    arrivedAt: string | null;
    /** When its first call was sent (null until then). */
    startedAt: string | null;
    /** When its last call answered, once it has settled (completed, in review, skipped). */
    finishedAt: string | null;
    /** finishedAt − arrivedAt */
    totalMs: number | null;
  };
}

/** The stream page's figures, over the last `windowMinutes`. */
export interface StreamStats {
  windowMinutes: number;
  arrivalsPerMinute: { minute: string; arrivals: number; completed: number }[];
  queueDepth: number;
  /** Arrival to result, of items that completed in the window. */
  latencyMs: { p50: number | null; p95: number | null; samples: number };
  /** Failed calls / calls in the window. */
  errorRate: number | null;
  costTodayUsd: number;
  dailyBudgetUsd: number | null;
}

export type WebhookDeliveryStatus = "pending" | "delivered" | "failed";

export interface WebhookDeliveryRow {
  id: string;
  itemId: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}
