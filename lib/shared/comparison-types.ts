// The JSON shapes of /api/comparisons and verdicts (beside api-types.ts, which holds the rest of the API).
import type { GateMetric } from "@/lib/shared/comparison-settings";
import type { ItemStatus, RunStatus } from "@/lib/shared/api-types";

export type ComparisonStatus = "running" | "completed" | "failed";
export type OutputKind = "text" | "labels" | "json";
export type Verdict = "approve" | "reject";

export interface ComparisonGate {
  metric: GateMetric;
  min: number;
}

export interface ComparisonVariantResult {
  index: number;
  runId: string;
  runStatus: RunStatus;
  model: string;
  prompt: { template: string; system: string | null };
  outputKind: OutputKind;
  labels: string[] | null;
  outputSchema: Record<string, unknown> | null;
  total: number;
  completed: number;
  failed: number;
  costUsd: number;
  costPerItemUsd: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  /** Share of rows both answered where this variant's normalised answer equals the reference's; null for free text. */
  agreement: number | null;
  /** Rows the agreement is counted over. */
  agreementRows: number;
  approvalRate: number | null;
  judged: number;
  projectedFullRun: { usdLow: number; usdHigh: number; seconds: number; items: number } | null;
}

export interface ComparisonSuggestion {
  variant: number;
  reason: string;
  /** Projected full-run saving against the reference (midpoints); 0 when the reference itself is suggested. */
  savingUsd: number;
}

export interface ComparisonDetail {
  id: string;
  datasetId: string;
  datasetName: string;
  status: ComparisonStatus;
  sampleRows: number[];
  sampleSeed: number | null;
  reference: number;
  gate: ComparisonGate;
  createdAt: string;
  /** Rows judged in any variant: launching with none asks for confirmation. */
  judged: number;
  variants: ComparisonVariantResult[];
  suggestion: ComparisonSuggestion | null;
  /** Full runs launched from this comparison, newest first. */
  launches: { runId: string; variant: number; status: RunStatus; createdAt: string }[];
}

export interface ComparisonListItem {
  id: string;
  datasetId: string;
  status: ComparisonStatus;
  createdAt: string;
  sampleSize: number;
  models: string[];
  gate: ComparisonGate;
}

/** One answer of a variant in the row view. */
export interface ComparisonCell {
  itemId: string;
  status: ItemStatus;
  output: string | null;
  errorMessage: string | null;
  /** Whether it matches the reference's answer; null when either has none or the shape is free text. */
  agrees: boolean | null;
  verdict: Verdict | null;
  note: string | null;
}

export interface ComparisonRow {
  rowIndex: number;
  /** The dataset row's cells by column name. */
  values: Record<string, string>;
  cells: (ComparisonCell | null)[];
}

export interface ComparisonRowsPage {
  columns: string[];
  rows: ComparisonRow[];
  total: number;
  offset: number;
  limit: number;
}

export interface VerdictResult {
  itemId: string;
  runId: string;
  verdict: Verdict;
  note: string | null;
  updatedAt: string;
}

export interface LaunchResult {
  id: string;
  status: RunStatus;
  variant: number;
}
