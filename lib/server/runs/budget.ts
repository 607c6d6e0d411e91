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

/** What sending these items could cost at most. */
export function worstCaseMicros(run: Pick<Run, "model" | "systemPrompt">, items: { input: string }[]): number {
  const systemTokens = estimateTokens(run.systemPrompt ?? "");
  return items.reduce(
    (sum, item) =>
      sum +
      costMicros(run.model, { promptTokens: systemTokens + estimateTokens(item.input), completionTokens: WORST_CASE_OUTPUT_TOKENS }),
    0,
  );
}

/**
 * `run` as read just before the batch: its costMicros counter is what has been spent so far.
 * `reservedMicros`: the worst case of a batch still in flight whose cost is not all counted yet (pipelined batches).
 */
export function checkBudget(run: Run, items: { input: string }[], reservedMicros = 0): BudgetCheck {
  if (run.budgetMicros === null || items.length === 0) return { ok: true };
  const spent = Number(run.costMicros) + reservedMicros;
  const budget = Number(run.budgetMicros);
  const worstCase = worstCaseMicros(run, items);
  if (spent + worstCase <= budget) return { ok: true };
  return { ok: false, spentMicros: spent, budgetMicros: budget, nextBatchMicros: worstCase };
}
