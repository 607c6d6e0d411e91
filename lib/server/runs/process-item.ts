// One model call for one item, and its record: the item's new state plus an attempt row.
import "server-only";
import { randomUUID } from "node:crypto";
import type OpenAI from "openai";
import { db } from "@/lib/server/db";
import type { Run } from "@/lib/server/generated/sqlite/client";
import { callModel, createModelClient, type FewShotExample, endpointRateLimiter, modelEndpoint, type RateLimitMeter } from "@/lib/server/llm/client";
import { classifyError } from "@/lib/server/llm/errors";
import type { ModelPrice } from "@/lib/server/llm/pricing";
import type { EndpointRateLimiter, RequestPriority } from "@/lib/server/llm/rate-limiter";
import { resolveProvider } from "@/lib/server/providers/resolve";
import { runPrice } from "@/lib/server/runs/run-price";
import { moveItemQuery } from "@/lib/server/runs/state-machine";
import { ATTEMPT_HEADER } from "@/lib/server/runs/attempt-header";

export interface ItemCall {
  /** The items' run: every attempt row names it, so the run's timeline reads its attempts by time. */
  runId: string;
  model: string;
  /** What each call is billed at: the run's price (null: unknown, billed $0). */
  price: ModelPrice | null;
  system: string | null;
  outputSchema: Record<string, unknown> | undefined;
  /** The run's labels: the answer must be one of them. */
  labels?: readonly string[];
  /** The run's max_tokens, when set. */
  maxTokens?: number;
  pass: number;
  batchNumber: number;
  /** Aborted when the run is cancelled: calls in flight stop, calls not started are not made. */
  signal?: AbortSignal;
  /** Few-shot examples sent before each item's prompt (a reviewer's resolutions, on a review retry). */
  examples?: readonly FewShotExample[];
  /** The endpoint's shared limiter (lib/server/llm/rate-limiter.ts); without one, calls are only bounded by the caller. */
  rateLimiter?: EndpointRateLimiter;
  /** The calls' place in the limiter's queue: stream items ahead of runs, runs by their priority. */
  priority?: RequestPriority;
  /**
   * Aborted when the batch stops sending (a pause, or the batch before it paused): items not sent
   * yet are left as they are (processItem returns null, no attempt); calls in flight finish.
   */
  withdrawSignal?: AbortSignal;
  /** Told when an item's call has its permit and goes out (the batch knows when none is left waiting). */
  onSending?: (itemId: string) => void;
}

/**
 * The client and call settings for sending a run's items: its model, prompt and output schema
 * (validated when the run was created, stored as JSON text), paced by the endpoint's shared limiter.
 */
export async function itemCallFor(run: Run, position: { pass: number; batchNumber: number }, signal?: AbortSignal): Promise<{ client: OpenAI; call: ItemCall }> {
  // Runs from before providers (providerId null) call what the environment serves, as they did.
  const provider = run.providerId === null ? null : await resolveProvider(run.providerId);
  const endpoint = provider?.endpoint ?? modelEndpoint();
  return {
    client: createModelClient(endpoint),
    call: {
      runId: run.id,
      model: run.model,
      price: runPrice(run),
      system: run.systemPrompt,
      outputSchema: run.outputSchema ? (JSON.parse(run.outputSchema) as Record<string, unknown>) : undefined,
      labels: run.labels ? (JSON.parse(run.labels) as string[]) : undefined,
      maxTokens: run.maxTokens ?? undefined,
      ...position,
      signal,
      rateLimiter: provider ? endpointRateLimiter(endpoint, provider.limits) : endpointRateLimiter(endpoint),
      priority: { class: run.kind === "stream" ? "stream" : "run", level: run.priority },
    },
  };
}

export type ItemResult = { ok: true; costNanos: number } | { ok: false; costNanos: number; kind: string };

/** The item a caller has claimed (lib/server/runs/state-machine.ts) and where it goes if the call fails. */
export interface ClaimedItem {
  id: string;
  input: string;
  claim: string;
  /** "failed" in a run's passes (a later pass may retry it); "needs_review" for a person's retry. */
  onFailure?: "failed" | "needs_review";
}

/**
 * Calls the model for one claimed item and records the outcome: the item moves on only while the
 * caller still holds its claim, and every call made is kept as an attempt, whatever happened to the
 * item meanwhile. Returns null when the run was cancelled before or during the call, or the call was
 * withdrawn before it went out; the batch puts the item back.
 */
export async function processItem(client: OpenAI, call: ItemCall, item: ClaimedItem): Promise<ItemResult | null> {
  if (call.signal?.aborted || call.withdrawSignal?.aborted) return null;
  let sent = false;
  const onSending = () => {
    sent = true;
    call.onSending?.(item.id);
  };
  const attempt = { id: randomUUID(), itemId: item.id, runId: call.runId, pass: call.pass, batchNumber: call.batchNumber };
  const meter: RateLimitMeter = { hits: 0, waitMs: 0 };
  const waits = () => ({ rateLimitHits: meter.hits, rateLimitWaitMs: meter.waitMs });
  const startedAt = Date.now();
  try {
    const answer = await callModel(client, {
      model: call.model,
      price: call.price,
      system: call.system ?? undefined,
      prompt: item.input,
      examples: call.examples,
      outputSchema: call.outputSchema,
      labels: call.labels,
      maxTokens: call.maxTokens,
      signal: call.signal,
      headers: { [ATTEMPT_HEADER]: attempt.id },
    }, { rateLimiter: call.rateLimiter, meter, priority: call.priority, withdrawSignal: call.withdrawSignal, onSending });
    const usage = { tokensIn: answer.tokensIn, tokensOut: answer.tokensOut, costNanos: answer.costNanos };
    await db.$transaction([
      moveItemQuery(item.id, item.claim, "completed", {
        output: answer.output,
        errorKind: null,
        errorMessage: null,
        attempts: { increment: 1 },
        tokensIn: { increment: usage.tokensIn },
        tokensOut: { increment: usage.tokensOut },
        costNanos: { increment: usage.costNanos },
        latencyMs: answer.latencyMs,
      }),
      db.itemAttempt.create({ data: { ...attempt, ok: true, ...usage, latencyMs: answer.latencyMs, ...waits() } }),
    ]);
    return { ok: true, costNanos: usage.costNanos };
  } catch (error) {
    const latencyMs = Date.now() - startedAt;
    // Withdrawn while waiting for its permit: nothing went out, so there is nothing to record.
    if (!sent && call.withdrawSignal?.aborted && !call.signal?.aborted) return null;
    if (call.signal?.aborted) {
      // Cancelled mid-call: the request may have reached the endpoint, so it is on record; the item is unchanged.
      await db.itemAttempt.create({ data: { ...attempt, ok: false, errorKind: "cancelled", errorMessage: "The run was cancelled during the call.", latencyMs, ...waits() } });
      return null;
    }
    const failure = classifyError(error);
    // An unusable answer (invalid output, content filter) was still billed: it counts against the budget.
    const billed = { tokensIn: failure.billed?.tokensIn ?? 0, tokensOut: failure.billed?.tokensOut ?? 0, costNanos: failure.billed?.costNanos ?? 0 };
    await db.$transaction([
      moveItemQuery(item.id, item.claim, item.onFailure ?? "failed", {
        errorKind: failure.kind,
        errorMessage: failure.message,
        attempts: { increment: 1 },
        tokensIn: { increment: billed.tokensIn },
        tokensOut: { increment: billed.tokensOut },
        costNanos: { increment: billed.costNanos },
        latencyMs,
      }),
      db.itemAttempt.create({
        data: { ...attempt, ok: false, errorKind: failure.kind, errorMessage: failure.message, ...billed, latencyMs, ...waits() },
      }),
    ]);
    return { ok: false, costNanos: billed.costNanos, kind: failure.kind };
  }
}
