// The budget cap: never start a batch whose worst-case cost would cross the run's budget.
import "server-only";
import type { Run } from "@/lib/server/generated/sqlite/client";
import { costNanos, estimateTokens } from "@/lib/server/llm/pricing";
import { runPrice } from "@/lib/server/runs/run-price";

/**
 * Requests carry no max_tokens, so "worst case" assumes this many output tokens per item: generous
 * for classification and extraction prompts, which is what batch runs mostly are.
 */
export const WORST_CASE_OUTPUT_TOKENS = 1_000;
const NANOS_PER_MICRO = 1_000;

export type BudgetCheck = { ok: true } | { ok: false; spentNanos: number; budgetNanos: number; nextBatchNanos: number };

/**
 * `run` as read just before the batch: its costNanos counter is what has been spent so far.
 * `batchApi`: the batch goes through the Batch API, so its worst case is at the Batch API price.
 */
export function checkBudget(run: Run, items: { input: string }[], opts: { batchApi?: boolean } = {}): BudgetCheck {
  if (run.budgetNanos === null || items.length === 0) return { ok: true };
  const spent = Number(run.costNanos);
  const budget = Number(run.budgetNanos);
  const systemTokens = estimateTokens(run.systemPrompt ?? "");
  const price = runPrice(run);
  const estimate = items.reduce(
    (sum, item) =>
      sum + costNanos({ promptTokens: systemTokens + estimateTokens(item.input), completionTokens: WORST_CASE_OUTPUT_TOKENS }, price, { batch: opts.batchApi }),
    0,
  );
  // An estimate, rounded up to the micro-dollar the stop message shows: a budget raised to that amount lets the batch go.
  const worstCase = Math.ceil(estimate / NANOS_PER_MICRO) * NANOS_PER_MICRO;
  if (spent + worstCase <= budget) return { ok: true };
  return { ok: false, spentNanos: spent, budgetNanos: budget, nextBatchNanos: worstCase };
}
