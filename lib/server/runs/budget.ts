// The budget cap: never send an item whose reserved cost would take the run past its budget.
import "server-only";
import type { Run } from "@/lib/server/generated/sqlite/client";
import { costNanos, estimateTokens } from "@/lib/server/llm/pricing";
import { DEFAULT_OUTPUT_TOKENS } from "@/lib/server/runs/output-estimate";
import { runPrice } from "@/lib/server/runs/run-price";
import { labelInstruction } from "@/lib/shared/labels";

const NANOS_PER_MICRO = 1_000;

export type BudgetCheck =
  | { ok: true }
  | {
      ok: false;
      spentNanos: number;
      budgetNanos: number;
      /** The reserved cost of every item of the batch, rounded up to the micro-dollar the stop message shows. */
      nextBatchNanos: number;
      /** How many of the batch's first items fit in what is left: they may be sent, the rest may not. */
      fitting: number;
    };

interface BudgetOptions {
  /** The items go through the Batch API, so they are reserved at the Batch API price. */
  batchApi?: boolean;
  /** What batches sent but not yet judged have reserved: their cost is not all in the run's counter yet (pipelined batches). */
  inFlightNanos?: number;
}

/** OpenAI's count for a chat request's framing: 3 tokens per message and 3 to prime the reply. */
const TOKENS_PER_MESSAGE = 3;
const TOKENS_REPLY_PRIMING = 3;

type BudgetedRun = Pick<Run, "model" | "price" | "priceUnknown" | "systemPrompt" | "outputSchema" | "labels" | "outputTokensEstimate">;

/** Prompt tokens every request of the run carries besides its input: framing, system message (labels' line included), schema. */
function fixedPromptTokens(run: BudgetedRun): number {
  const labels = run.labels ? (JSON.parse(run.labels) as string[]) : null;
  const system = [run.systemPrompt, labels ? labelInstruction(labels) : null].filter((line) => line).join("\n");
  const systemTokens = system ? TOKENS_PER_MESSAGE + estimateTokens(system) : 0;
  return TOKENS_REPLY_PRIMING + TOKENS_PER_MESSAGE + systemTokens + estimateTokens(run.outputSchema ?? "");
}

/**
 * What one item is expected to cost at most: its prompt, and the run's output estimate (the p95 of its
 * sample's answers, else its max_tokens, else DEFAULT_OUTPUT_TOKENS; fixed when the run was created,
 * refined from its own answers when it guessed), at the run's price.
 */
export function reservedNanos(run: BudgetedRun, input: string, fixedTokens: number = fixedPromptTokens(run), opts: BudgetOptions = {}): number {
  const usage = { promptTokens: fixedTokens + estimateTokens(input), completionTokens: run.outputTokensEstimate ?? DEFAULT_OUTPUT_TOKENS };
  return costNanos(usage, runPrice(run), { batch: opts.batchApi });
}

/**
 * `run` as read just before the batch: its costNanos counter is what has been spent so far. A batch
 * that does not fit whole says how many of its first items do, so a run spends up to its budget
 * instead of stopping a batch short of it.
 */
export function checkBudget(run: Run, items: { input: string }[], opts: BudgetOptions = {}): BudgetCheck {
  if (run.budgetNanos === null || items.length === 0) return { ok: true };
  const spent = Number(run.costNanos) + (opts.inFlightNanos ?? 0);
  const budget = Number(run.budgetNanos);
  const fixedTokens = fixedPromptTokens(run);
  let reserved = 0;
  // The batch's first items whose reservations all fit (the sum only grows, so they are a prefix).
  let fitting = 0;
  for (const [index, item] of items.entries()) {
    reserved += reservedNanos(run, item.input, fixedTokens, opts);
    if (spent + reserved <= budget) fitting = index + 1;
  }
  if (spent + reserved <= budget) return { ok: true };
  // Rounded up to the micro-dollar the stop message shows: a budget raised to that amount lets the batch go.
  const nextBatchNanos = Math.ceil(reserved / NANOS_PER_MICRO) * NANOS_PER_MICRO;
  return { ok: false, spentNanos: spent, budgetNanos: budget, nextBatchNanos, fitting };
}

/** What sending these items reserves in all (a pipelined batch holds it until it is judged). */
export function reservedForItems(run: Run, items: { input: string }[], opts: BudgetOptions = {}): number {
  const fixedTokens = fixedPromptTokens(run);
  return items.reduce((sum, item) => sum + reservedNanos(run, item.input, fixedTokens, opts), 0);
}
