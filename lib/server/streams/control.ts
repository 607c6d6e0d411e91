// Pause, resume, archive and settings of a stream: its run's status changes (the state machine's
// conditional updates, 409 when a race is lost), and a word to its executor so a resume drains
// the queue at once.
import "server-only";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { usdToNanos } from "@/lib/server/llm/pricing";
import { cancelRun, pauseRun, resumeRun } from "@/lib/server/runs/control";
import { changeStreamSchema } from "@/lib/shared/stream-settings";
import { loadStream } from "@/lib/server/streams/load-stream";
import { notifyStream } from "@/lib/server/streams/dispatch";
import { newWebhookSecret } from "@/lib/server/streams/create-stream";
import { isEnded } from "@/lib/server/runs/status";

export async function pauseStream(streamId: string): Promise<void> {
  const stream = await loadStream(streamId);
  await pauseRun(stream.runId);
}

/** Resumes a paused stream (after a person, the breaker or the daily budget); its queued items are sent. */
export async function resumeStream(streamId: string, body: unknown = {}): Promise<void> {
  const stream = await loadStream(streamId);
  await resumeRun(stream.runId, body);
}

/** Archives a stream: it takes no more items; what is queued stays unsent (its run is cancelled, with its report). */
export async function archiveStream(streamId: string): Promise<void> {
  const stream = await loadStream(streamId);
  await cancelRun(stream.runId);
}

/**
 * PATCH /api/streams/:id: name, batching, guards, priority, daily budget and webhook URL. Returns
 * a new webhook secret (shown once) when a webhook URL is set on a stream that had none.
 */
export async function changeStream(streamId: string, body: unknown): Promise<{ webhookSecret: string | null }> {
  const input = changeStreamSchema.parse(body ?? {});
  if (Object.keys(input).length === 0) throw new AppError("validation_failed", "Nothing to change.", { field: "name" });
  const stream = await loadStream(streamId);
  if (isEnded(stream.run.status)) throw new AppError("conflict", `Stream ${streamId} is archived.`, { status: "archived" });
  const webhookSecret = input.webhookUrl && !stream.webhookSecret ? newWebhookSecret() : null;
  await db.$transaction([
    db.stream.update({
      where: { id: streamId },
      data: {
        name: input.name,
        maxBatchSize: input.maxBatchSize,
        maxWaitMs: input.maxWaitMs,
        dailyBudgetNanos: input.dailyBudgetUsd === undefined ? undefined : input.dailyBudgetUsd === null ? null : BigInt(usdToNanos(input.dailyBudgetUsd)),
        webhookUrl: input.webhookUrl,
        ...(webhookSecret ? { webhookSecret } : {}),
      },
    }),
    db.run.update({
      where: { id: stream.runId },
      data: { batchSize: input.maxBatchSize, concurrency: input.concurrency, maxRetries: input.maxRetries, errorThreshold: input.errorThreshold, priority: input.priority },
    }),
  ]);
  // New batching settings may make a waiting batch due now.
  await notifyStream(stream);
  return { webhookSecret };
}
