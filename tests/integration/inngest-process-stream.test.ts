// The Inngest binding of streams, executed by @inngest/test's engine: arrivals are events (one per
// item) batched by stream; a function run closes the due micro-batches and runs each as its own
// step through the same closeStreamBatches / runStreamBatch the local executor calls.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { InngestTestEngine } from "@inngest/test";
import { startInProcessApp, stopInProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";

let simulator: SimulatorServer;

async function load() {
  return {
    db: (await import("@/lib/server/db")).db,
    inngest: (await import("@/inngest/client")).inngest,
    ...(await import("@/inngest/functions/process-stream")),
    ...(await import("@/lib/server/streams/create-stream")),
    ...(await import("@/lib/server/streams/ingest")),
    ...(await import("@/lib/server/streams/control")),
    ...(await import("@/lib/server/streams/views")),
  };
}
let app: Awaited<ReturnType<typeof load>>;
/** What the app sent to Inngest (no Inngest server here). */
let sent: { name: string; data: { streamId: string; itemId?: string } }[] = [];

beforeAll(async () => {
  ({ simulator } = await startInProcessApp({ INNGEST_DEV: "1" }));
  app = await load();
  vi.spyOn(app.inngest, "send").mockImplementation(async (payload) => {
    sent.push(...((Array.isArray(payload) ? payload : [payload]) as typeof sent));
    return { ids: [] };
  });
});

afterAll(() => stopInProcessApp(simulator));

const base = { fields: ["ticket"], prompt: { template: "Triage: {{ticket}}" }, model: "gpt-4o-mini" };
const tickets = (n: number) => Array.from({ length: n }, (_, i) => ({ data: { ticket: `ticket ${i}` } }));
const engineFor = (events: typeof sent) => new InngestTestEngine({ function: app.processStreamFunction, events: events as never });

describe("process-stream on Inngest", () => {
  it("sends an event per arrived item, keyed by stream for batchEvents", () => {
    const config = app.processStreamFunction.opts;
    expect(config.batchEvents).toMatchObject({ maxSize: 100, timeout: "1s", key: "event.data.streamId" });
    expect(config.concurrency).toEqual([{ key: "event.data.streamId", limit: 1 }]);
  });

  it("closes full micro-batches and a due partial one, each batch its own step", async () => {
    simulator.setKnobs({ latencyMs: 1 });
    const stream = await app.createStream({ ...base, name: "inngest sizes", maxBatchSize: 5, maxWaitMs: 0 });
    sent = [];
    const { items } = await app.acceptStreamItems(stream.id, { items: tickets(12) });
    expect(sent).toHaveLength(12);
    expect(sent.map((e) => e.data.itemId)).toEqual(items.map((i) => i.id));
    expect(new Set(sent.map((e) => `${e.name}|${e.data.streamId}`))).toEqual(new Set([`stream/item.arrived|${stream.id}`]));

    const { result, error, ctx } = await engineFor(sent).execute();
    expect(error).toBeUndefined();
    expect(result).toEqual({ streamId: stream.id, batches: 3 });
    expect(ctx.step.run.mock.calls.map((call) => call[0])).toEqual(["close-1", "batch-1", "batch-2", "batch-3", "close-2", "deliver-webhooks"]);
    const summary = await app.getStreamSummary(stream.id);
    expect(summary.counts.completed).toBe(12);
    const batches = await app.db.runBatch.findMany({ where: { runId: stream.runId }, orderBy: { number: "asc" } });
    expect(batches.map((b) => b.size)).toEqual([5, 5, 2]);

    // A redelivered batch of events finds nothing waiting: nothing is sent again.
    const requests = simulator.requestCount();
    const again = await engineFor(sent).execute();
    expect(again.result).toEqual({ streamId: stream.id, batches: 0 });
    expect(simulator.requestCount()).toBe(requests);
  });

  it("waits with a durable sleep until a partial batch's first item has waited maxWaitMs", async () => {
    const stream = await app.createStream({ ...base, name: "inngest wait", maxBatchSize: 50, maxWaitMs: 30_000 });
    sent = [];
    await app.acceptStreamItems(stream.id, { items: tickets(3) });
    const { step } = await engineFor(sent).executeStep("wait-1");
    // Planned for what is left of the first item's 30 s.
    expect(step).toMatchObject({ op: "Sleep", displayName: "wait-1" });
    const seconds = Number(/^(\d+)s$/.exec(step.name ?? "")?.[1]);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(30);
    expect((await app.getStreamSummary(stream.id)).counts.pending).toBe(3);
  });

  it("leaves the queue alone while the stream is paused, and a resume sends a drain event", async () => {
    simulator.setKnobs({ latencyMs: 1 });
    const stream = await app.createStream({ ...base, name: "inngest pause", maxBatchSize: 10, maxWaitMs: 0 });
    await app.pauseStream(stream.id);
    sent = [];
    await app.acceptStreamItems(stream.id, { items: tickets(4) });
    const paused = await engineFor(sent).execute();
    expect(paused.result).toEqual({ streamId: stream.id, batches: 0 });
    expect((await app.getStreamSummary(stream.id)).counts.pending).toBe(4);

    sent = [];
    await app.resumeStream(stream.id);
    expect(sent).toEqual([expect.objectContaining({ name: "stream/item.arrived", data: { streamId: stream.id } })]);
    const drained = await engineFor(sent).execute();
    expect(drained.result).toEqual({ streamId: stream.id, batches: 1 });
    expect((await app.getStreamSummary(stream.id)).counts.completed).toBe(4);
  });
});
