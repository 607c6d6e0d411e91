// Webhooks: each settled stream item's result is POSTed to the stream's URL, signed with
// HMAC-SHA256 over the exact body (`x-batchwise-signature: sha256=<hex>`), and retried with
// backoff for up to a day. Deliveries live in the database (WebhookDelivery), so whichever
// executor is alive sends the ones due; a sender first pushes a delivery's due time ahead (a
// conditional update), so two senders never post the same delivery at once.
import "server-only";
import { createHmac } from "node:crypto";
import pLimit from "p-limit";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { nanosToUsd } from "@/lib/server/llm/pricing";

export const SIGNATURE_HEADER = "x-batchwise-signature";
export const DELIVERY_HEADER = "x-batchwise-delivery";
/** Retries stop a day after the first try. */
export const WEBHOOK_RETRY_WINDOW_MS = 24 * 60 * 60_000;
/** First retry after 5 s, then ×3 per failure, never more than an hour apart. */
const RETRY_BASE_MS = 5_000;
const RETRY_FACTOR = 3;
const RETRY_MAX_MS = 60 * 60_000;
/** A receiver has this long to answer. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** A sender holds a delivery this long past its timeout; if it dies, the delivery is due again after. */
const SEND_HOLD_MS = WEBHOOK_TIMEOUT_MS + 20_000;
/** Deliveries one look sends at most, and how many at once. */
const DELIVERIES_PER_LOOK = 50;
const SENDS_IN_PARALLEL = 8;
/** Settled items queued for delivery per look. */
const QUEUE_PER_LOOK = 500;

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** The wait before retry number `attempt` (1-based), with up to 10 % jitter so receivers are not hit in lockstep. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(RETRY_BASE_MS * RETRY_FACTOR ** Math.max(0, attempt - 1), RETRY_MAX_MS);
  return Math.round(base * (1 + random() * 0.1));
}

/** Queues a delivery for every settled item of the stream that has none yet (completed, in review, or discarded). */
export async function queueWebhooks(streamId: string): Promise<number> {
  const stream = await db.stream.findUniqueOrThrow({ where: { id: streamId }, select: { id: true, runId: true, webhookUrl: true, fields: true } });
  if (!stream.webhookUrl) return 0;
  const items = await db.runItem.findMany({
    where: { runId: stream.runId, arrivedAt: { not: null }, status: { in: ["completed", "needs_review"] }, webhookDeliveries: { none: {} } },
    orderBy: { rowIndex: "asc" },
    take: QUEUE_PER_LOOK,
  });
  let queued = 0;
  const now = new Date();
  for (const item of items) {
    const body = JSON.stringify({
      type: item.status === "completed" ? "stream.item.completed" : "stream.item.needs_review",
      streamId: stream.id,
      item: {
        id: item.id,
        key: item.streamKey,
        status: item.status,
        output: item.output,
        error: item.status === "completed" ? null : { kind: item.errorKind, message: item.errorMessage },
        attempts: item.attempts,
        costUsd: nanosToUsd(item.costNanos),
        arrivedAt: item.arrivedAt?.toISOString() ?? null,
      },
    });
    try {
      await db.webhookDelivery.create({
        data: { streamId: stream.id, itemId: item.id, url: stream.webhookUrl, body, nextAttemptAt: now, giveUpAt: new Date(now.getTime() + WEBHOOK_RETRY_WINDOW_MS) },
      });
      queued++;
    } catch (error) {
      // Another executor queued it first (the unique itemId): one delivery per item either way.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return queued;
}

/** Sends the deliveries due now (narrowed to some streams: a test's, or one stream's executor); returns how many it tried. */
export async function deliverDueWebhooks(options: { now?: number; streamIds?: string[]; fetchImpl?: typeof fetch } = {}): Promise<number> {
  const now = options.now ?? Date.now();
  const due = await db.webhookDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lte: new Date(now) }, ...(options.streamIds ? { streamId: { in: options.streamIds } } : {}) },
    include: { stream: { select: { webhookSecret: true } } },
    orderBy: { nextAttemptAt: "asc" },
    take: DELIVERIES_PER_LOOK,
  });
  const limit = pLimit(SENDS_IN_PARALLEL);
  const tried = await Promise.all(due.map((delivery) => limit(() => sendOne(delivery, now, options.fetchImpl ?? fetch))));
  return tried.filter(Boolean).length;
}

type DueDelivery = Awaited<ReturnType<typeof db.webhookDelivery.findMany>>[number] & { stream: { webhookSecret: string | null } };

async function sendOne(delivery: DueDelivery, now: number, fetchImpl: typeof fetch): Promise<boolean> {
  const held = await db.webhookDelivery.updateMany({
    where: { id: delivery.id, status: "pending", nextAttemptAt: delivery.nextAttemptAt },
    data: { nextAttemptAt: new Date(now + SEND_HOLD_MS) },
  });
  if (held.count === 0) return false;
  const attempt = delivery.attempts + 1;
  let statusCode: number | null = null;
  let problem: string | null = null;
  try {
    const response = await fetchImpl(delivery.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Batchwise-Webhook/1",
        [SIGNATURE_HEADER]: signBody(delivery.stream.webhookSecret ?? "", delivery.body),
        [DELIVERY_HEADER]: delivery.id,
        "x-batchwise-attempt": String(attempt),
      },
      body: delivery.body,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      redirect: "manual",
    });
    statusCode = response.status;
    // The body is not needed; reading it frees the connection.
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) problem = `The receiver answered ${response.status}${response.statusText ? ` ${response.statusText}` : ""}.`;
  } catch (error) {
    problem = error instanceof Error && error.name === "TimeoutError" ? `No answer within ${WEBHOOK_TIMEOUT_MS / 1000} s.` : `Could not reach the receiver: ${describe(error)}`;
  }
  if (problem === null) {
    await db.webhookDelivery.update({
      where: { id: delivery.id },
      data: { status: "delivered", attempts: attempt, lastStatusCode: statusCode, lastError: null, deliveredAt: new Date(), nextAttemptAt: new Date(now) },
    });
    return true;
  }
  const next = now + retryDelayMs(attempt);
  const giveUp = next > delivery.giveUpAt.getTime();
  await db.webhookDelivery.update({
    where: { id: delivery.id },
    data: { status: giveUp ? "failed" : "pending", attempts: attempt, lastStatusCode: statusCode, lastError: problem, nextAttemptAt: new Date(giveUp ? now : next) },
  });
  return true;
}

/** A person re-sends a delivery that failed (or one delivered, on purpose): due now, with a fresh day of retries. */
export async function resendDelivery(streamId: string, deliveryId: string): Promise<void> {
  const now = new Date();
  const { count } = await db.webhookDelivery.updateMany({
    where: { id: deliveryId, streamId, status: { in: ["failed", "delivered"] } },
    data: { status: "pending", nextAttemptAt: now, giveUpAt: new Date(now.getTime() + WEBHOOK_RETRY_WINDOW_MS), deliveredAt: null },
  });
  if (count === 1) return;
  const current = await db.webhookDelivery.findFirst({ where: { id: deliveryId, streamId }, select: { status: true } });
  if (!current) throw notFound("Webhook delivery", deliveryId);
  throw new AppError("conflict", `Delivery ${deliveryId} is already waiting to be sent.`, { status: current.status });
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}
