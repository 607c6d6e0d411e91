// How many output tokens an item of a run will take: what the budget check reserves per item and what
// the preview prices. Measured answers beat settings, and settings beat a guess.
import "server-only";
import { db } from "@/lib/server/db";
import { percentile } from "@/lib/shared/percentile";

/**
 * Reserved per item when nothing was measured and the run sets no max_tokens. Generous for the
 * classification and extraction prompts batch runs mostly are (simulated and real answers of such
 * prompts are 5-100 tokens), yet small enough that a budget a sample fits does not block it.
 */
export const DEFAULT_OUTPUT_TOKENS = 256;
/** Answers read to measure the spread: a sample is at most 1,000 items. */
const MEASURED_ANSWERS_AT_MOST = 2_000;

export type OutputTokensBasis = "sample" | "max_tokens" | "default";
/** Stored on the run: also "own_answers" once a run that guessed has measured itself (refineOutputEstimate). */
export type RunOutputTokensBasis = OutputTokensBasis | "own_answers";

export interface OutputTokensEstimate {
  /** Reserved per item by the budget check: the p95 of measured answers, else max_tokens, else the default. */
  reservePerItem: number;
  /** The average of measured answers (what a run is expected to cost), else the same as reservePerItem. */
  averagePerItem: number;
  basis: OutputTokensBasis;
  /** Answers measured. */
  answers: number;
}

/** The request a run sends, as stored on the run: answers to the same request measure the same thing. */
export interface SameRequest {
  datasetId: string;
  model: string;
  promptTemplate: string;
  systemPrompt: string | null;
  outputSchema: string | null;
  labels: string | null;
  maxTokens: number | null;
}

/** Real answers (not cached or duplicate copies) of earlier runs of the same dataset, prompt and model: typically its sample. */
export async function measuredOutputTokens(request: SameRequest): Promise<number[]> {
  const items = await db.runItem.findMany({
    where: {
      status: "completed",
      attempts: { gt: 0 },
      run: {
        datasetId: request.datasetId,
        model: request.model,
        promptTemplate: request.promptTemplate,
        systemPrompt: request.systemPrompt,
        outputSchema: request.outputSchema,
        labels: request.labels,
      },
    },
    select: { tokensOut: true, attempts: true },
    orderBy: { updatedAt: "desc" },
    take: MEASURED_ANSWERS_AT_MOST,
  });
  // An item that took several attempts was billed for all of them: per attempt is what one answer takes.
  return items.map((item) => Math.ceil(item.tokensOut / item.attempts)).sort((a, b) => a - b);
}

export async function estimateOutputTokens(request: SameRequest): Promise<OutputTokensEstimate> {
  const measured = await measuredOutputTokens(request);
  return outputTokensFrom(measured, request.maxTokens);
}

/** Pure: the estimate from measured answers (ascending) and the run's max_tokens. */
export function outputTokensFrom(measured: readonly number[], maxTokens: number | null): OutputTokensEstimate {
  const cap = (tokens: number) => Math.max(1, maxTokens === null ? tokens : Math.min(tokens, maxTokens));
  if (measured.length > 0) {
    const average = measured.reduce((sum, tokens) => sum + tokens, 0) / measured.length;
    return { reservePerItem: cap(percentile(measured, 0.95)), averagePerItem: cap(Math.round(average)), basis: "sample", answers: measured.length };
  }
  if (maxTokens !== null) return { reservePerItem: maxTokens, averagePerItem: maxTokens, basis: "max_tokens", answers: 0 };
  return { reservePerItem: DEFAULT_OUTPUT_TOKENS, averagePerItem: DEFAULT_OUTPUT_TOKENS, basis: "default", answers: 0 };
}

/** Answers a run without a measured estimate gives before its own answers replace the guess. */
export const OWN_ANSWERS_TO_MEASURE = 20;

/**
 * A run that started from max_tokens or the default measures itself once it has enough answers: from
 * then on, the budget check reserves the p95 of its own answers (capped by max_tokens). Done once per
 * run; the run as given when nothing changes.
 */
export async function refineOutputEstimate<
  R extends { id: string; budgetNanos: bigint | null; outputTokensBasis: string | null; completedCount: number; maxTokens: number | null },
>(run: R): Promise<R> {
  const guessed = run.outputTokensBasis === "default" || run.outputTokensBasis === "max_tokens";
  // Only the budget check reads the estimate: a run without a budget need not measure.
  if (run.budgetNanos === null || !guessed || run.completedCount < OWN_ANSWERS_TO_MEASURE) return run;
  const items = await db.runItem.findMany({
    where: { runId: run.id, status: "completed", attempts: { gt: 0 } },
    select: { tokensOut: true, attempts: true },
    take: MEASURED_ANSWERS_AT_MOST,
  });
  if (items.length < OWN_ANSWERS_TO_MEASURE) return run;
  const measured = items.map((item) => Math.ceil(item.tokensOut / item.attempts)).sort((a, b) => a - b);
  const estimate = outputTokensFrom(measured, run.maxTokens);
  const changes = { outputTokensEstimate: estimate.reservePerItem, outputTokensBasis: "own_answers" };
  await db.run.updateMany({ where: { id: run.id, outputTokensBasis: run.outputTokensBasis }, data: changes });
  return { ...run, ...changes };
}
