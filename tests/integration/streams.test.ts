// Streams on the local executor, against a real database and the simulator through the real
// openai SDK: micro-batches closing by size and by time, idempotent keys (also sent at once),
// pausing with arrivals and draining on resume, the breaker, webhooks signed and retried, and
// the 4xx answers for bad items.
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessApp, stopInProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";

let simulator: SimulatorServer;

async function loadStreamModules() {
  return {
    db: (await import("@/lib/server/db")).db,
    ...(await import("@/lib/server/streams/create-stream")),
    ...(await import("@/lib/server/streams/ingest")),
    ...(await import("@/lib/server/streams/control")),
    ...(await import("@/lib/server/streams/views")),
    ...(await import("@/lib/server/streams/stats")),
    ...(await import("@/lib/server/streams/webhooks")),
    ...(await import("@/lib/server/streams/local-stream-executor")),
    ...(await import("@/lib/server/review/queue")),
  };
}
let app: Awaited<ReturnType<typeof loadStreamModules>>;

beforeAll(async () => {
  ({ simulator } = await startInProcessApp({}));
  app = await loadStreamModules();
});

afterAll(async () => {
  app.localStreamExecutor.stop();
  await stopInProcessApp(simulator);
});

const base = { fields: ["ticket", "customer"], prompt: { template: "Triage this ticket: {{ticket}} (from {{customer}})" }, model: "gpt-4o-mini" };

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const tickets = (n: number, prefix = "t") => Array.from({ length: n }, (_, i) => ({ data: { ticket: `${prefix}-${i} printer on fire`, customer: `c${i}` } }));
const summary = (id: string) => app.getStreamSummary(id);
const allDone = (s: { total: number; counts: { completed: number } }, n: number) => s.counts.completed === n && s.total === n;

describe("a stream on the local executor", () => {
  it("closes a micro-batch as soon as it is full, without waiting for maxWaitMs", async () => {
    simulator.setKnobs({ latencyMs: 1 });
    const stream = await app.createStream({ ...base, name: "by size", maxBatchSize: 5, maxWaitMs: 60_000 });
    const { items } = await app.acceptStreamItems(stream.id, { items: tickets(10) });
    expect(items).toHaveLength(10);
    const done = await until(() => summary(stream.id), (s) => allDone(s, 10), "10 items completed");
    expect(done.batches).toBe(2);
    const batches = await app.db.runBatch.findMany({ where: { runId: stream.runId }, orderBy: { number: "asc" } });
    expect(batches.map((b) => [b.pass, b.number, b.size, b.ok])).toEqual([[0, 1, 5, 5], [0, 2, 5, 5]]);

    // Three more make a partial batch: it waits (a minute here), nothing is sent.
    await app.acceptStreamItems(stream.id, { items: tickets(3, "late") });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const waiting = await summary(stream.id);
    expect(waiting.counts.pending).toBe(3);
    expect(waiting.queueDepth).toBe(3);
    await app.archiveStream(stream.id);
  });

  it("closes a partial micro-batch once its first item has waited maxWaitMs", async () => {
    simulator.setKnobs({ latencyMs: 1 });
    const stream = await app.createStream({ ...base, name: "by time", maxBatchSize: 50, maxWaitMs: 400 });
    const { items } = await app.acceptStreamItems(stream.id, { items: tickets(3) });
    await until(() => summary(stream.id), (s) => allDone(s, 3), "3 items completed");
    const batches = await app.db.runBatch.findMany({ where: { runId: stream.runId } });
    expect(batches.map((b) => b.size)).toEqual([3]);
    const item = await app.getStreamItem(stream.id, items[0]!.id);
    expect(item.status).toBe("completed");
    expect(item.output).toBeTruthy();
    expect(item.data).toEqual({ ticket: "t-0 printer on fire", customer: "c0" });
    // The batch was not closed before the first item had waited maxWaitMs.
    const { arrivedAt, startedAt, finishedAt } = item.timings;
    expect(new Date(startedAt!).getTime() - new Date(arrivedAt!).getTime()).toBeGreaterThanOrEqual(400 - 5);
    expect(new Date(finishedAt!).getTime()).toBeGreaterThanOrEqual(new Date(startedAt!).getTime());
    await app.archiveStream(stream.id);
  });

  it("processes an item sent again with the same key once, also when the re-sends arrive at once", async () => {
    simulator.setKnobs({ latencyMs: 1 });
    const stream = await app.createStream({ ...base, name: "keys", maxBatchSize: 20, maxWaitMs: 200 });
    const sent = Array.from({ length: 8 }, (_, i) => ({ key: `ticket-${i}`, data: { ticket: `keyed ${i} ${stream.id}`, customer: "acme" } }));
    const answers = await Promise.all(Array.from({ length: 6 }, () => app.acceptStreamItems(stream.id, { items: sent })));
    const ids = answers[0]!.items.map((i) => i.id);
    for (const answer of answers) expect(answer.items.map((i) => i.id)).toEqual(ids);
    // Exactly one of the six requests made each item.
    for (let i = 0; i < sent.length; i++) expect(answers.filter((a) => !a.items[i]!.duplicate)).toHaveLength(1);

    // A repeat within one request, and after the items completed: the first ids again.
    await until(() => summary(stream.id), (s) => allDone(s, 8), "8 items completed");
    const again = await app.acceptStreamItems(stream.id, { items: [sent[0]!, sent[0]!, sent[1]!] });
    expect(again.items.map((i) => [i.id, i.duplicate])).toEqual([[ids[0], true], [ids[0], true], [ids[1], true]]);
    const s = await summary(stream.id);
    expect(s.total).toBe(8);
    const calls = simulator.receivedBodies().filter((body) => JSON.stringify(body).includes(stream.id));
    expect(calls).toHaveLength(8);
    expect(await app.db.datasetRow.count({ where: { dataset: { runs: { some: { id: stream.runId } } } } })).toBe(8);
    await app.archiveStream(stream.id);
  });

  it("queues items that arrive while paused and drains the queue on resume", async () => {
    simulator.setKnobs({ latencyMs: 1 });
    const stream = await app.createStream({ ...base, name: "paused", maxBatchSize: 4, maxWaitMs: 100 });
    await app.pauseStream(stream.id);
    await app.acceptStreamItems(stream.id, { items: tickets(9) });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const paused = await summary(stream.id);
    expect(paused.status).toBe("paused");
    expect(paused.counts.pending).toBe(9);
    expect(paused.batches).toBe(0);

    await app.resumeStream(stream.id);
    const drained = await until(() => summary(stream.id), (s) => allDone(s, 9), "the queue drained");
    expect(drained.status).toBe("running");
    expect(drained.batches).toBe(3);
    await app.archiveStream(stream.id);
  });

  it("is paused by the error-rate breaker, keeps what arrives after, and sends failures to review", async () => {
    simulator.setKnobs({ latencyMs: 1, failureRate: 1 });
    const stream = await app.createStream({ ...base, name: "breaker", maxBatchSize: 4, maxWaitMs: 100, maxRetries: 1, errorThreshold: 0.5 });
    await app.acceptStreamItems(stream.id, { items: tickets(4) });
    const tripped = await until(() => summary(stream.id), (s) => s.status === "paused", "the breaker");
    expect(tripped.pauseKind).toBe("breaker");
    expect(tripped.pauseReason).toMatch(/Error-rate breaker: 4 of 4 items in batch 1 failed/);

    await app.acceptStreamItems(stream.id, { items: tickets(2, "after") });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect((await summary(stream.id)).counts.pending).toBe(2);

    simulator.setKnobs({ latencyMs: 1, failureRate: 0 });
    await app.resumeStream(stream.id);
    // The breaker's batch gets its retry pass; the queued items go out.
    const after = await until(() => summary(stream.id), (s) => s.counts.completed === 6, "6 completed after resume");
    expect(after.counts.needs_review + after.counts.failed + after.counts.pending).toBe(0);
    await app.archiveStream(stream.id);
  });

  it("pauses before a batch that could pass the daily budget, and goes on once the budget is raised", async () => {
    simulator.setKnobs({ latencyMs: 1 });
    const stream = await app.createStream({ ...base, name: "budget", maxBatchSize: 5, maxWaitMs: 50, dailyBudgetUsd: 0.000001 });
    await app.acceptStreamItems(stream.id, { items: tickets(5) });
    const stopped = await until(() => summary(stream.id), (s) => s.status === "paused", "the budget stop");
    expect(stopped.pauseKind).toBe("budget");
    expect(stopped.pauseReason).toMatch(/^Daily budget: \$0\.00+ of \$0\.000001 spent today/);
    expect(stopped.counts.pending).toBe(5);
    expect((await app.db.itemAttempt.count({ where: { runId: stream.runId } }))).toBe(0);

    await app.changeStream(stream.id, { dailyBudgetUsd: 10 });
    await app.resumeStream(stream.id);
    await until(() => summary(stream.id), (s) => allDone(s, 5), "5 completed after the raise");
    expect((await app.getStreamStats(stream.id)).costTodayUsd).toBeGreaterThan(0);
    await app.archiveStream(stream.id);
  });

  it("takes up a stream whose executor died: items it held and batches it closed are sent, once", async () => {
    simulator.setKnobs({ latencyMs: 1 });
    const stream = await app.createStream({ ...base, name: "crash", maxBatchSize: 3, maxWaitMs: 60_000 });
    // Held by a process that is gone, with its lease run out.
    await app.db.run.update({ where: { id: stream.runId }, data: { leaseOwner: "elsewhere:1:dead", leaseExpiresAt: new Date(Date.now() - 1_000) } });
    const { items } = await app.acceptStreamItems(stream.id, { items: tickets(4) });
    await app.db.runItem.updateMany({ where: { id: { in: items.slice(0, 2).map((i) => i.id) } }, data: { status: "processing", claim: "batch:0:1", batchNumber: 1 } });
    await app.db.runItem.updateMany({ where: { id: items[2]!.id }, data: { batchNumber: 2 } });
    await app.db.run.update({ where: { id: stream.runId }, data: { pendingCount: 2, processingCount: 2, totalBatches: 2 } });

    app.localStreamExecutor.notify(stream.id);
    // The two it held and the one in its closed batch go back to the queue: a full batch of 3 with the
    // fourth's place taken; the fourth waits (a minute) for its own batch.
    await until(() => summary(stream.id), (s) => s.counts.completed === 3, "the full batch");
    expect((await summary(stream.id)).counts.pending).toBe(1);
    expect(await app.db.itemAttempt.count({ where: { runId: stream.runId } })).toBe(3);
    await app.archiveStream(stream.id);
  });

  it("sends what still fails after its retries to the review queue, under the stream's run", async () => {
    simulator.setKnobs({ latencyMs: 1, failureRate: 1 });
    const stream = await app.createStream({ ...base, name: "review", maxBatchSize: 3, maxWaitMs: 50, maxRetries: 1, errorThreshold: 1 });
    const { items } = await app.acceptStreamItems(stream.id, { items: tickets(3) });
    const settled = await until(() => summary(stream.id), (s) => s.counts.needs_review === 3, "3 items in review");
    simulator.setKnobs({ latencyMs: 1, failureRate: 0 });
    expect(settled.status).toBe("running");
    const review = await app.listReviewQueue(0, 10, { runId: stream.runId });
    expect(review.items.map((i) => i.id).sort()).toEqual(items.map((i) => i.id).sort());
    const item = await app.getStreamItem(stream.id, items[0]!.id);
    expect(item).toMatchObject({ status: "needs_review", attempts: 2, error: { kind: "server" } });
    expect(item.timings.finishedAt).not.toBeNull();
    await app.archiveStream(stream.id);
  });

  it("POSTs each result to the webhook signed with HMAC-SHA256, retries a failed delivery, and re-sends on request", async () => {
    simulator.setKnobs({ latencyMs: 1 });
    const received: { body: string; signature: string | undefined; delivery: string | undefined }[] = [];
    let failNext = 1;
    const receiver = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        received.push({ body, signature: req.headers["x-batchwise-signature"] as string | undefined, delivery: req.headers["x-batchwise-delivery"] as string | undefined });
        if (failNext > 0) {
          failNext--;
          res.writeHead(500).end("not now");
        } else res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    try {
      const stream = await app.createStream({ ...base, name: "webhook", maxBatchSize: 2, maxWaitMs: 100, webhookUrl: url });
      expect(stream.webhookSecret).toMatch(/^whsec_[0-9a-f]{64}$/);
      const { items } = await app.acceptStreamItems(stream.id, { items: [{ key: "k1", data: { ticket: "one", customer: "a" } }, { key: "k2", data: { ticket: "two", customer: "b" } }] });
      // Both tried once: one delivered, one answered 500.
      await until(() => app.listDeliveries(stream.id), (d) => d.length === 2 && d.every((x) => x.attempts === 1), "two webhook posts");

      for (const post of received) {
        const expected = `sha256=${createHmac("sha256", stream.webhookSecret!).update(post.body).digest("hex")}`;
        expect(post.signature).toBe(expected);
      }
      const bodies = received.map((r) => JSON.parse(r.body) as { type: string; item: { id: string; key: string; output: string } });
      expect(bodies.map((b) => b.item.id).sort()).toEqual(items.map((i) => i.id).sort());
      expect(bodies.every((b) => b.type === "stream.item.completed" && b.item.output.length > 0)).toBe(true);

      // One of the two answered 500: it waits for its retry, visible with its error.
      const failed = await app.listDeliveries(stream.id, "pending");
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ attempts: 1, lastStatusCode: 500 });
      expect(failed[0]!.lastError).toMatch(/answered 500/);
      expect(new Date(failed[0]!.nextAttemptAt!).getTime()).toBeGreaterThan(Date.now());

      // Its retry falls due (a minute on): delivered, byte for byte the same body.
      await app.deliverDueWebhooks({ streamIds: [stream.id], now: Date.now() + 60_000 });
      const retried = received.filter((r) => r.delivery === failed[0]!.id);
      expect(retried).toHaveLength(2);
      expect(retried[0]!.body).toBe(retried[1]!.body);
      expect((await app.listDeliveries(stream.id, "delivered")).length).toBe(2);

      // A delivery that kept failing for a day is failed, and a person can re-send it.
      const one = (await app.listDeliveries(stream.id))[0]!;
      await app.db.webhookDelivery.update({ where: { id: one.id }, data: { status: "failed", lastError: "gave up" } });
      await app.resendDelivery(stream.id, one.id);
      await expect(app.resendDelivery(stream.id, one.id)).rejects.toMatchObject({ code: "conflict" });
      await app.deliverDueWebhooks({ streamIds: [stream.id] });
      expect(received.filter((r) => r.delivery === one.id).length).toBeGreaterThanOrEqual(2);
      expect((await app.listDeliveries(stream.id, "delivered")).length).toBe(2);
      await app.archiveStream(stream.id);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it("gives up a delivery after a day of retries", async () => {
    let posts = 0;
    const receiver = http.createServer((_req, res) => {
      posts++;
      res.writeHead(503).end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    try {
      const stream = await app.createStream({ ...base, name: "give up", maxBatchSize: 1, maxWaitMs: 0, webhookUrl: url });
      await app.acceptStreamItems(stream.id, { items: tickets(1) });
      await until(() => app.listDeliveries(stream.id), (d) => d.length === 1 && d[0]!.attempts >= 1, "a first try");
      await app.deliverDueWebhooks({ streamIds: [stream.id], now: Date.now() + 25 * 60 * 60_000 });
      const [delivery] = await app.listDeliveries(stream.id);
      expect(delivery).toMatchObject({ status: "failed", lastStatusCode: 503 });
      expect(posts).toBe(delivery!.attempts);
      await app.archiveStream(stream.id);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});

describe("changing a stream", () => {
  it("changes only what PATCH names, and a webhook URL set later gets its secret once", async () => {
    const stream = await app.createStream({ ...base, name: "patch", maxBatchSize: 7, maxWaitMs: 900, maxRetries: 1 });
    const first = await app.changeStream(stream.id, { errorThreshold: 1 });
    expect(first.webhookSecret).toBeNull();
    expect(await summary(stream.id)).toMatchObject({ maxBatchSize: 7, maxWaitMs: 900, maxRetries: 1, errorThreshold: 1, webhookUrl: null });
    const hooked = await app.changeStream(stream.id, { webhookUrl: "https://example.com/hook", name: "patched" });
    expect(hooked.webhookSecret).toMatch(/^whsec_/);
    expect((await app.changeStream(stream.id, { webhookUrl: "https://example.com/other" })).webhookSecret).toBeNull();
    expect(await summary(stream.id)).toMatchObject({ name: "patched", maxBatchSize: 7, webhookUrl: "https://example.com/other" });
    await expect(app.changeStream(stream.id, { fields: ["x"] })).rejects.toMatchObject({ issues: [expect.objectContaining({ code: "unrecognized_keys" })] });
    await app.archiveStream(stream.id);
  });
});

describe("what a stream refuses", () => {
  it("names unknown fields, missing template fields, too many items and a template field the stream does not declare", async () => {
    const stream = await app.createStream({ ...base, name: "refusals", maxWaitMs: 60_000 });
    await expect(app.acceptStreamItems(stream.id, { items: [{ data: { ticket: "a", customer: "b" } }, { data: { ticket: "x", customer: "y", colour: "red" } }] })).rejects.toMatchObject({
      code: "validation_failed",
      details: { field: "items.1.data", unknownFields: ["colour"] },
    });
    await expect(app.acceptStreamItems(stream.id, { items: [{ data: { customer: "b" } }] })).rejects.toMatchObject({
      details: { field: "items.0.data", missingFields: ["ticket"] },
    });
    await expect(app.acceptStreamItems(stream.id, { items: tickets(1_001) })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["items"] })] });
    await expect(app.acceptStreamItems(stream.id, { items: [] })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["items"] })] });
    await expect(app.createStream({ ...base, name: "bad template", prompt: { template: "Hello {{nobody}}" } })).rejects.toMatchObject({
      details: { field: "prompt.template", unknownColumns: ["nobody"] },
    });
    // Nothing half-written: the refused requests left no items.
    expect((await summary(stream.id)).total).toBe(0);

    await app.archiveStream(stream.id);
    await expect(app.acceptStreamItems(stream.id, { items: tickets(1) })).rejects.toMatchObject({ code: "conflict" });
    expect((await summary(stream.id)).status).toBe("archived");
  });
});
