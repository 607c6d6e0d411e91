// The budget cap: never start a batch whose worst-case cost would cross the run's budget.
import type { Run } from "@/lib/generated/sqlite/client";
import { db } from "@/lib/db";
import { costMicros, estimateTokens } from "@/lib/llm/pricing";
import { formatUsd } from "@/lib/format";

/**
 * Requests carry no max_tokens, so "worst case" assumes this many output tokens per item: generous
 * for classification and extraction prompts, which is what batch runs mostly are.
 */
export const WORST_CASE_OUTPUT_TOKENS = 1_000;

export type BudgetCheck = { ok: true } | { ok: false; reason: string };

export async function checkBudget(run: Run, items: { input: string }[]): Promise<BudgetCheck> {
  if (run.budgetMicros === null || items.length === 0) return { ok: true };
  const spent = (await db.runItem.aggregate({ where: { runId: run.id }, _sum: { costMicros: true } }))._sum.costMicros ?? 0;
  const systemTokens = estimateTokens(run.systemPrompt ?? "");
  const worstCase = items.reduce(
    (sum, item) =>
      sum +
      costMicros(run.model, { promptTokens: systemTokens + estimateTokens(item.input), completionTokens: WORST_CASE_OUTPUT_TOKENS }),
    0,
  );
  if (spent + worstCase <= run.budgetMicros) return { ok: true };
  return {
    ok: false,
    reason: `Budget cap reached: ${formatUsd(spent)} spent; the next batch could cost up to ${formatUsd(worstCase)}, which would pass the ${formatUsd(run.budgetMicros)} budget. The remaining items were not sent.`,
  };
}
