// The budget cap: never start a batch whose worst-case cost would cross the run's budget.
import "server-only";
import type { Run } from "@/lib/server/generated/sqlite/client";
import { costMicros, estimateTokens } from "@/lib/server/llm/pricing";

/**
 * Requests carry no max_tokens, so "worst case" assumes this many output tokens per item: generous
 * for classification and extraction prompts, which is what batch runs mostly are.
 */
export const WORST_CASE_OUTPUT_TOKENS = 1_000;

export type BudgetCheck = { ok: true } | { ok: false; spentMicros: number; budgetMicros: number; nextBatchMicros: number };

/**
 * `run` as read just before the batch: its costMicros counter is what has been spent so far.
 * `batchApi`: the batch goes through the Batch API, so its worst case is at the Batch API price.
 */
export function checkBudget(run: Run, items: { input: string }[], opts: { batchApi?: boolean } = {}): BudgetCheck {
  if (run.budgetMicros === null || items.length === 0) return { ok: true };
  const spent = Number(run.costMicros);
  const budget = Number(run.budgetMicros);
  const systemTokens = estimateTokens(run.systemPrompt ?? "");
  const worstCase = items.reduce(
    (sum, item) =>
      sum +
      costMicros(run.model, { promptTokens: systemTokens + estimateTokens(item.input), completionTokens: WORST_CASE_OUTPUT_TOKENS }, opts),
    0,
  );
  if (spent + worstCase <= budget) return { ok: true };
  return { ok: false, spentMicros: spent, budgetMicros: budget, nextBatchMicros: worstCase };
}
