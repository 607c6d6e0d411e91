// A stream's micro-batches, run through the same batch code as a run's (processBatch): arrived items
// wait unbatched (batchNumber 0) until a batch closes, full or when its first item has waited
// maxWaitMs; the closed batch is the run's next first-pass batch. Failures get retry passes right
// after their batch, and what still fails goes to review, as in a run. Both executors call these.
import "server-only";
import { db } from "@/lib/server/db";
import { processBatch } from "@/lib/server/runs/process-batch";
import { planRetryPass } from "@/lib/server/runs/run-lifecycle";
import { BATCH_CLAIM_PREFIX, moveItems, pauseRunFor } from "@/lib/server/runs/state-machine";
import { logPause } from "@/lib/server/runs/run-log";
import { formatUsd } from "@/lib/shared/format";
import { nanosToUsd } from "@/lib/server/llm/pricing";
import { UNBATCHED } from "@/lib/server/streams/item-insert";
import { costTodayNanos, reservedForItems } from "@/lib/server/streams/daily-budget";
import { queueWebhooks } from "@/lib/server/streams/webhooks";

/** At most this many batches are closed in one look; the rest wait for the next. */
const MAX_BATCHES_PER_CLOSE = 50;
/** Retry batches one pass may take after a micro-batch (each takes up to maxBatchSize failures). */
const MAX_RETRY_BATCHES_PER_PASS = 20;

export interface ClosedBatches {
  /** Batch numbers closed now, in order. */
  batches: number[];
  /** When the open (partial) batch falls due, as epoch ms; null when nothing waits. */
  nextDueAt: number | null;
  /** Whether the stream's run takes batches now (false: paused or ended; arriving items wait). */
  running: boolean;
}

export interface CloseOptions {
  now?: number;
  /** Batches to close at most (the closer's free slots). */
  maxBatches?: number;
  /**
   * The closer has no batch in flight: pending items still numbered belong to batches that never
   * ran (stopped behind a paused one, or by a crash), and queue again in arrival order.
   */
  requeue?: boolean;
}

/** Closes the batches that are due now: full ones, and a partial one whose first item has waited maxWaitMs. */
export async function closeStreamBatches(streamId: string, options: CloseOptions = {}): Promise<ClosedBatches> {
  const now = options.now ?? Date.now();
  const maxBatches = Math.min(options.maxBatches ?? MAX_BATCHES_PER_CLOSE, MAX_BATCHES_PER_CLOSE);
  const stream = await db.stream.findUniqueOrThrow({ where: { id: streamId }, include: { run: { select: { id: true, status: true } } } });
  if (stream.run.status !== "running") return { batches: [], nextDueAt: null, running: false };
  if (options.requeue) {
    await db.runItem.updateMany({ where: { runId: stream.runId, status: "pending", batchNumber: { gt: UNBATCHED } }, data: { batchNumber: UNBATCHED } });
  }
  const waiting = await db.runItem.findMany({
    where: { runId: stream.runId, status: "pending", batchNumber: UNBATCHED },
    select: { id: true, arrivedAt: true },
    orderBy: { rowIndex: "asc" },
    take: stream.maxBatchSize * maxBatches,
  });
  const chunks: { id: string; arrivedAt: Date | null }[][] = [];
  for (let i = 0; i < waiting.length; i += stream.maxBatchSize) chunks.push(waiting.slice(i, i + stream.maxBatchSize));
  let nextDueAt: number | null = null;
  const last = chunks.at(-1);
  if (last && last.length < stream.maxBatchSize) {
    const dueAt = (last[0]?.arrivedAt?.getTime() ?? now) + stream.maxWaitMs;
    if (dueAt > now) {
      chunks.pop();
      nextDueAt = dueAt;
    }
  }
  if (chunks.length === 0) return { batches: [], nextDueAt, running: true };

  // Numbers are handed out by the run's batch count, one atomic increment for all of them.
  const run = await db.run.update({ where: { id: stream.runId }, data: { totalBatches: { increment: chunks.length } }, select: { totalBatches: true } });
  const first = run.totalBatches - chunks.length + 1;
  const batches: number[] = [];
  for (const [n, chunk] of chunks.entries()) {
    const number = first + n;
    // Only items still unbatched: of two closers racing, each item lands in one batch.
    const { count } = await db.runItem.updateMany({
      where: { id: { in: chunk.map((i) => i.id) }, status: "pending", batchNumber: UNBATCHED },
      data: { batchNumber: number },
    });
    if (count > 0) batches.push(number);
  }
  return { batches, nextDueAt, running: true };
}

export type StreamBatchOutcome = "continue" | "paused" | "ended";

/**
 * Runs one closed micro-batch: the daily budget first, then processBatch (claims, calls, attempts,
 * the breaker), then retry passes for what failed, then webhooks for what settled. A batch that
 * could not run (paused meanwhile, or over the daily budget) gives its items back to the queue.
 */
export async function runStreamBatch(streamId: string, batch: number): Promise<StreamBatchOutcome> {
  const stream = await db.stream.findUniqueOrThrow({ where: { id: streamId }, include: { run: true } });
  const runId = stream.runId;
  if (stream.dailyBudgetNanos !== null && stream.run.status === "running") {
    const items = await db.runItem.findMany({ where: { runId, batchNumber: batch, status: "pending" }, select: { input: true } });
    const spent = await costTodayNanos(runId);
    const next = reservedForItems(stream.run, items);
    const budget = Number(stream.dailyBudgetNanos);
    if (items.length > 0 && spent + next > budget) {
      await unbatch(runId, batch);
      const reason = `Daily budget: ${formatUsd(nanosToUsd(spent))} of ${formatUsd(nanosToUsd(budget))} spent today (UTC); the next batch of ${items.length} could cost up to ${formatUsd(nanosToUsd(next))}. Arriving items wait; raise the budget and resume, or resume tomorrow.`;
      if (await pauseRunFor(runId, "budget", reason, { from: ["running"] })) logPause(runId, "budget", reason);
      return "paused";
    }
  }

  const outcome = await processBatch({ runId, pass: 0, batch, batchCount: batch });
  if (!outcome.ran) {
    await unbatch(runId, batch);
    return outcome.next === "stop" ? "ended" : "paused";
  }
  let result: StreamBatchOutcome = outcome.next === "continue" ? "continue" : outcome.next === "pause" ? "paused" : "ended";
  if (result === "continue") result = await retryStreamFailures(runId, batch, stream.run.maxRetries);
  await queueWebhooks(streamId);
  return result;
}

/**
 * Retry passes right after a micro-batch, as a run has after its first pass: failures retrying
 * cannot fix go to review; retryable ones with p attempts form pass p. Still failing after
 * maxRetries retries: review.
 */
export async function retryStreamFailures(runId: string, batch: number, maxRetries: number): Promise<StreamBatchOutcome> {
  for (let pass = 1; pass <= maxRetries; pass++) {
    for (let round = 0; round < MAX_RETRY_BATCHES_PER_PASS; round++) {
      if ((await planRetryPass(runId, pass)) === 0) break;
      const outcome = await processBatch({ runId, pass, batch, batchCount: batch });
      if (outcome.next !== "continue") return outcome.next === "pause" ? "paused" : "ended";
      if (outcome.ok + outcome.failed === 0) break;
    }
  }
  await moveItems({ runId, attempts: { gt: maxRetries } }, ["failed"], "needs_review");
  // Failures that retrying cannot fix (planRetryPass moves them) when no retry pass ran.
  if (maxRetries === 0) await moveItems({ runId }, ["failed"], "needs_review");
  return "continue";
}

/** A batch that did not run: its items wait unbatched again, to be closed into a later batch. */
async function unbatch(runId: string, batch: number): Promise<void> {
  await db.runItem.updateMany({ where: { runId, batchNumber: batch, status: "pending" }, data: { batchNumber: UNBATCHED } });
}

/**
 * After a crash: items a dead batch left claimed go back (first pass: to the queue; retry
 * passes: failed, for the next retry pass), and closed batches that never ran are reopened.
 */
export async function recoverStream(streamId: string): Promise<void> {
  const stream = await db.stream.findUniqueOrThrow({ where: { id: streamId }, select: { runId: true, run: { select: { maxRetries: true } } } });
  const runId = stream.runId;
  const claimed = await db.runItem.findMany({
    where: { runId, status: "processing", claim: { startsWith: BATCH_CLAIM_PREFIX } },
    select: { id: true, claim: true },
  });
  const firstPass = claimed.filter((i) => i.claim?.startsWith(`${BATCH_CLAIM_PREFIX}0:`)).map((i) => i.id);
  const retries = claimed.filter((i) => !firstPass.includes(i.id)).map((i) => i.id);
  if (firstPass.length > 0) await moveItems({ id: { in: firstPass } }, ["processing"], "pending", { claim: null, batchNumber: UNBATCHED });
  if (retries.length > 0) await moveItems({ id: { in: retries } }, ["processing"], "failed", { claim: null });
  await db.runItem.updateMany({ where: { runId, status: "pending", batchNumber: { gt: UNBATCHED } }, data: { batchNumber: UNBATCHED } });
}
