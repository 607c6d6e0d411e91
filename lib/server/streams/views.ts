// Read side of streams: the stream's summary, one item with its timings, and the webhook deliveries.
import "server-only";
import { db } from "@/lib/server/db";
import { notFound } from "@/lib/server/errors";
import { nanosToUsd } from "@/lib/server/llm/pricing";
import { itemCounts, runUsage } from "@/lib/server/runs/progress";
import { isEnded } from "@/lib/server/runs/status";
import type { ItemStatus, PauseKind, StreamItemView, StreamStatus, StreamSummary, WebhookDeliveryRow, WebhookDeliveryStatus } from "@/lib/shared/api-types";
import { loadStream, streamFields, type LoadedStream } from "@/lib/server/streams/load-stream";

/** Streams listed at most. */
const STREAMS_LISTED = 100;
const DELIVERIES_LISTED = 50;

export function streamStatus(runStatus: string): StreamStatus {
  if (isEnded(runStatus)) return "archived";
  return runStatus === "paused" ? "paused" : "running";
}

export function toStreamSummary(stream: LoadedStream): StreamSummary {
  const { run } = stream;
  const counts = itemCounts(run);
  const usage = runUsage(run);
  return {
    id: stream.id,
    name: stream.name,
    runId: stream.runId,
    status: streamStatus(run.status),
    pauseReason: run.status === "paused" ? run.pauseReason : null,
    pauseKind: run.status === "paused" ? ((run.pauseKind as PauseKind | null) ?? "person") : null,
    fields: streamFields(stream),
    model: run.model,
    prompt: { template: run.promptTemplate, system: run.systemPrompt },
    outputSchema: run.outputSchema ? (JSON.parse(run.outputSchema) as Record<string, unknown>) : null,
    maxBatchSize: stream.maxBatchSize,
    maxWaitMs: stream.maxWaitMs,
    concurrency: run.concurrency,
    maxRetries: run.maxRetries,
    errorThreshold: run.errorThreshold,
    priority: run.priority,
    dailyBudgetUsd: stream.dailyBudgetNanos === null ? null : nanosToUsd(Number(stream.dailyBudgetNanos)),
    webhookUrl: stream.webhookUrl,
    executor: run.executor === "inngest" ? "inngest" : "local",
    total: run.totalItems,
    counts,
    queueDepth: counts.pending + counts.processing,
    batches: run.totalBatches,
    cost: { usd: nanosToUsd(usage.costNanos), tokensIn: usage.tokensIn, tokensOut: usage.tokensOut },
    createdAt: stream.createdAt.toISOString(),
  };
}

export async function getStreamSummary(streamId: string): Promise<StreamSummary> {
  return toStreamSummary(await loadStream(streamId));
}

export async function listStreams(): Promise<StreamSummary[]> {
  const streams = await db.stream.findMany({ include: { run: true }, orderBy: { createdAt: "desc" }, take: STREAMS_LISTED });
  return streams.map(toStreamSummary);
}

/** Items that have settled: their last call's answer is their result. */
const SETTLED: readonly ItemStatus[] = ["completed", "needs_review", "skipped"];

export async function getStreamItem(streamId: string, itemId: string): Promise<StreamItemView> {
  const stream = await db.stream.findUnique({ where: { id: streamId }, select: { id: true, runId: true, fields: true, run: { select: { datasetId: true } } } });
  if (!stream) throw notFound("Stream", streamId);
  const item = await db.runItem.findFirst({ where: { id: itemId, runId: stream.runId } });
  if (!item) throw notFound("Item", itemId);
  const [row, attempts] = await Promise.all([
    db.datasetRow.findUnique({ where: { datasetId_index: { datasetId: stream.run.datasetId, index: item.rowIndex } }, select: { cells: true } }),
    db.itemAttempt.findMany({ where: { itemId }, select: { createdAt: true, latencyMs: true, rateLimitWaitMs: true }, orderBy: { createdAt: "asc" } }),
  ]);
  const fields = streamFields(stream);
  const cells = row ? (JSON.parse(row.cells) as string[]) : [];
  const data = Object.fromEntries(fields.map((field, i) => [field, cells[i] ?? ""]));
  // An attempt row is written when its call answers; it started its latency (and its wait for the limiter) before.
  const first = attempts[0];
  const startedAt = first ? new Date(first.createdAt.getTime() - first.latencyMs - first.rateLimitWaitMs) : null;
  const status = item.status as ItemStatus;
  const finishedAt = SETTLED.includes(status) ? (attempts.at(-1)?.createdAt ?? item.updatedAt) : null;
  const failing = status === "failed" || status === "needs_review";
  return {
    id: item.id,
    streamId,
    key: item.streamKey,
    status,
    data,
    input: item.input,
    output: item.output,
    error: failing ? { kind: item.errorKind, message: item.errorMessage } : null,
    attempts: item.attempts,
    costUsd: nanosToUsd(item.costNanos),
    timings: {
      arrivedAt: item.arrivedAt?.toISOString() ?? null,
      startedAt: startedAt?.toISOString() ?? null,
      finishedAt: finishedAt?.toISOString() ?? null,
      totalMs: finishedAt && item.arrivedAt ? finishedAt.getTime() - item.arrivedAt.getTime() : null,
    },
  };
}

export async function listDeliveries(streamId: string, status?: WebhookDeliveryStatus): Promise<WebhookDeliveryRow[]> {
  await loadStream(streamId);
  const deliveries = await db.webhookDelivery.findMany({
    where: { streamId, ...(status ? { status } : {}) },
    orderBy: { createdAt: "desc" },
    take: DELIVERIES_LISTED,
  });
  return deliveries.map((d) => ({
    id: d.id,
    itemId: d.itemId,
    status: d.status as WebhookDeliveryStatus,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    nextAttemptAt: d.status === "pending" ? d.nextAttemptAt.toISOString() : null,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
  }));
}
