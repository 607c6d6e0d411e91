// A stream's daily budget: what its calls cost since midnight UTC, and whether the next batch fits.
import "server-only";
import { db } from "@/lib/server/db";
import { costMicros, estimateTokens } from "@/lib/server/llm/pricing";
import { WORST_CASE_OUTPUT_TOKENS } from "@/lib/server/runs/budget";

export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** Micro-dollars the run's calls cost today (UTC), billed failures included. */
export async function costTodayMicros(runId: string, now = new Date()): Promise<number> {
  const sum = await db.itemAttempt.aggregate({ where: { runId, createdAt: { gte: startOfUtcDay(now) } }, _sum: { costMicros: true } });
  return sum._sum.costMicros ?? 0;
}

/** The worst case of sending these items (as the run budget reckons it, lib/server/runs/budget.ts). */
export function worstCaseMicros(run: { model: string; systemPrompt: string | null }, items: { input: string }[]): number {
  const systemTokens = estimateTokens(run.systemPrompt ?? "");
  return items.reduce(
    (sum, item) => sum + costMicros(run.model, { promptTokens: systemTokens + estimateTokens(item.input), completionTokens: WORST_CASE_OUTPUT_TOKENS }),
    0,
  );
}
