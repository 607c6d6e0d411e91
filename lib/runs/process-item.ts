// One model call for one item, and its record: the item's new state plus an attempt row.
import type OpenAI from "openai";
import { db } from "@/lib/db";
import type { Run } from "@/lib/generated/sqlite/client";
import { callModel, createModelClient, endpointRateLimiter, modelEndpoint } from "@/lib/llm/client";
import { classifyError } from "@/lib/llm/errors";
import type { EndpointRateLimiter } from "@/lib/llm/rate-limiter";

export interface ItemCall {
  model: string;
  system: string | null;
  outputSchema: Record<string, unknown> | undefined;
  pass: number;
  batchNumber: number;
  /** Aborted when the run is cancelled: calls in flight stop, calls not started are not made. */
  signal?: AbortSignal;
  /** The endpoint's shared limiter (lib/llm/rate-limiter.ts); without one, calls are only bounded by the caller. */
  rateLimiter?: EndpointRateLimiter;
}

/**
 * The client and call settings for sending a run's items: its model, prompt and output schema
 * (validated when the run was created, stored as JSON text), paced by the endpoint's shared limiter.
 */
export function itemCallFor(run: Run, position: { pass: number; batchNumber: number }, signal?: AbortSignal): { client: OpenAI; call: ItemCall } {
  const endpoint = modelEndpoint();
  return {
    client: createModelClient(endpoint),
    call: {
      model: run.model,
      system: run.systemPrompt,
      outputSchema: run.outputSchema ? (JSON.parse(run.outputSchema) as Record<string, unknown>) : undefined,
      ...position,
      signal,
      rateLimiter: endpointRateLimiter(endpoint),
    },
  };
}

export type ItemResult = { ok: true; costMicros: number } | { ok: false; costMicros: number; kind: string };

/**
 * Calls the model for one item and records the outcome. Returns null when the run was cancelled
 * before or during the call: no attempt is recorded and the batch puts the item back to pending.
 */
export async function processItem(client: OpenAI, call: ItemCall, item: { id: string; input: string }): Promise<ItemResult | null> {
  if (call.signal?.aborted) return null;
  const attempt = { itemId: item.id, pass: call.pass, batchNumber: call.batchNumber };
  const startedAt = Date.now();
  try {
    const answer = await callModel(client, {
      model: call.model,
      system: call.system ?? undefined,
      prompt: item.input,
      outputSchema: call.outputSchema,
      signal: call.signal,
    }, { rateLimiter: call.rateLimiter });
    const usage = { tokensIn: answer.tokensIn, tokensOut: answer.tokensOut, costMicros: answer.costMicros };
    await db.$transaction([
      db.runItem.update({
        where: { id: item.id },
        data: {
          status: "completed",
          output: answer.output,
          errorKind: null,
          errorMessage: null,
          attempts: { increment: 1 },
          tokensIn: { increment: usage.tokensIn },
          tokensOut: { increment: usage.tokensOut },
          costMicros: { increment: usage.costMicros },
          latencyMs: answer.latencyMs,
        },
      }),
      db.itemAttempt.create({ data: { ...attempt, ok: true, ...usage, latencyMs: answer.latencyMs } }),
    ]);
    return { ok: true, costMicros: usage.costMicros };
  } catch (error) {
    // Cancelled mid-call: the batch puts the item back to pending.
    if (call.signal?.aborted) return null;
    const failure = classifyError(error);
    const latencyMs = Date.now() - startedAt;
    // An unusable answer (invalid output, content filter) was still billed: it counts against the budget.
    const billed = { tokensIn: failure.billed?.tokensIn ?? 0, tokensOut: failure.billed?.tokensOut ?? 0, costMicros: failure.billed?.costMicros ?? 0 };
    await db.$transaction([
      db.runItem.update({
        where: { id: item.id },
        data: {
          status: "failed",
          errorKind: failure.kind,
          errorMessage: failure.message,
          attempts: { increment: 1 },
          tokensIn: { increment: billed.tokensIn },
          tokensOut: { increment: billed.tokensOut },
          costMicros: { increment: billed.costMicros },
          latencyMs,
        },
      }),
      db.itemAttempt.create({
        data: { ...attempt, ok: false, errorKind: failure.kind, errorMessage: failure.message, ...billed, latencyMs },
      }),
    ]);
    return { ok: false, costMicros: billed.costMicros, kind: failure.kind };
  }
}
