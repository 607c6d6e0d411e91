// The concurrency soak: the built app (`next start`) under everything a team does at once while
// runs execute — uploads and deletions, run creation (repeated Idempotency-Keys included), pauses,
// resumes, cancels, review retries, resolves and discards (two people on one item at times), bulk
// review, and a crowd polling the dashboard — for a bounded time. Afterwards: nothing is stranded,
// the numbers add up, and every model call the endpoint received has exactly one recorded attempt.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetSummary, Page, ReviewItem, RunSummary } from "@/lib/shared/api-types";
import { createDbClient, type DbClient } from "@/lib/server/db";
import { itemCounts } from "@/lib/server/runs/progress";
import { startApp, type AppServer } from "../support/app-server";
import { startSimulatorServer, type SimulatorServer } from "../support/simulator-server";
import { siblingDatabaseUrl } from "../support/test-database";

const LEADS = fs.readFileSync(path.resolve(process.cwd(), "../shared/data/leads.csv"));
/** How long everyone acts at once. */
const SOAK_MS = 30_000;
const POLLERS = 12;

let app: AppServer;
let endpoint: SimulatorServer;
let db: DbClient;

beforeAll(async () => {
  // A model endpoint of the test's own, so it can count what it received. 25 % of calls fail.
  endpoint = await startSimulatorServer({ latencyMs: 5, failureRate: 0.25 });
  const base = process.env.BATCHWISE_TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "";
  const databaseUrl = siblingDatabaseUrl(base, `soak_${process.pid}`);
  app = await startApp({ databaseUrl, env: { OPENAI_API_KEY: "sk-soak-test", OPENAI_BASE_URL: endpoint.baseURL } });
  db = createDbClient(databaseUrl);
}, 90_000);

afterAll(async () => {
  await app?.stop();
  await endpoint?.close();
  await db?.$disconnect();
});

/** Every response status seen, by route pattern: anything but the expected ones fails the test. */
const seen: { what: string; status: number; body: string }[] = [];

async function call<T>(what: string, method: string, route: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await app.fetch(`${route}`, {
    method,
    headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  seen.push({ what, status: response.status, body: text.slice(0, 300) });
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

async function upload(name: string): Promise<DatasetSummary> {
  const form = new FormData();
  form.append("file", new Blob([LEADS], { type: "text/csv" }), `${name}.csv`);
  const response = await app.fetch(`/api/datasets`, { method: "POST", body: form });
  const text = await response.text();
  seen.push({ what: "upload", status: response.status, body: text.slice(0, 300) });
  return JSON.parse(text) as DatasetSummary;
}

const pick = <T>(list: T[]): T | undefined => list[Math.floor(Math.random() * list.length)];
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Repeats `act` until the soak ends. */
async function loop(until: number, act: () => Promise<unknown>, gapMs: number) {
  while (Date.now() < until) {
    await act();
    await pause(gapMs * (0.5 + Math.random()));
  }
}

const prompt = { template: "Title: {{title}}\nNotes: {{notes}}\nIs this a qualified lead?" };

describe("everything at once while runs execute", () => {
  it("strands nothing, bills nothing twice, and every number adds up", { timeout: SOAK_MS + 150_000 }, async () => {
    const runIds = new Set<string>();
    const source = await upload("soak-source");
    const until = Date.now() + SOAK_MS;

    const createRuns = loop(until, async () => {
      const kind = Math.random() < 0.3 ? "sample" : "full";
      const body = { datasetId: source.id, kind, sampleSize: 40, prompt, batchSize: 40, concurrency: 8, errorThreshold: 0.6, useCache: false };
      const key = `soak-${Math.floor(Math.random() * 1e9)}`;
      // A double click: the same key and body twice at once make one run.
      const [first, second] = await Promise.all([
        call<{ id: string }>("create run", "POST", "/api/runs", body, { "idempotency-key": key }),
        call<{ id: string }>("create run", "POST", "/api/runs", body, { "idempotency-key": key }),
      ]);
      expect(first.body.id).toBe(second.body.id);
      runIds.add(first.body.id);
    }, 2_500);

    const uploadAndDelete = loop(until, async () => {
      const dataset = await upload("soak-upload");
      await call("delete dataset", "DELETE", `/api/datasets/${dataset.id}`);
    }, 1_500);

    const control = loop(until, async () => {
      const runId = pick([...runIds]);
      if (!runId) return;
      const action = pick(["pause", "resume", "resume", "cancel", "pause"]) ?? "pause";
      // Sometimes two people press the same button at once.
      const presses = Math.random() < 0.3 ? 2 : 1;
      await Promise.all(Array.from({ length: presses }, () => call(`run ${action}`, "POST", `/api/runs/${runId}/${action}`)));
    }, 700);

    const review = loop(until, async () => {
      const queue = await call<Page<ReviewItem>>("review queue", "GET", "/api/review?limit=20");
      const item = pick(queue.body.items);
      if (!item) return;
      const action = pick([{ action: "retry" }, { action: "resolve", output: "settled by a person" }, { action: "discard" }]);
      const racing = pick([{ action: "retry" }, { action: "resolve", output: "settled by another person" }]);
      await Promise.all([
        call("review action", "POST", `/api/review/${item.id}`, action),
        Math.random() < 0.5 ? call("review action", "POST", `/api/review/${item.id}`, racing) : Promise.resolve(),
      ]);
      if (Math.random() < 0.15) await call("bulk review", "POST", "/api/review/bulk", { runId: item.runId, action: "retry" });
    }, 400);

    const poll = Array.from({ length: POLLERS }, () =>
      loop(until, async () => {
        const runId = pick([...runIds]);
        await call("runs list", "GET", "/api/runs");
        if (runId) {
          await call("run", "GET", `/api/runs/${runId}`);
          await call("items", "GET", `/api/runs/${runId}/items?limit=50&offset=${Math.floor(Math.random() * 2000)}`);
        }
      }, 300),
    );

    await Promise.all([createRuns, uploadAndDelete, control, review, ...poll]);

    // Nobody acts any more: every run that is not paused must reach its end on its own.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const going = await db.run.count({ where: { status: { in: ["queued", "running"] } } });
      if (going === 0) break;
      if (Date.now() > deadline) throw new Error(`${going} run(s) still queued or running two minutes after the soak:\n${app.output().slice(-3000)}`);
      await pause(500);
    }
    // Review requests still in flight have answered by now (every call above was awaited); bulk
    // review jobs run in the background, so they are waited for too.
    for (;;) {
      const jobs = await db.reviewJob.count({ where: { status: { in: ["queued", "running"] } } });
      if (jobs === 0) break;
      if (Date.now() > deadline) throw new Error(`${jobs} review job(s) still unfinished two minutes after the soak`);
      await pause(500);
    }

    // 1. Every answer was one a user expects: success, or 409 for the loser of a race / a busy dataset.
    const unexpected = seen.filter((r) => r.status >= 500 || (r.status >= 400 && r.status !== 409));
    expect(unexpected.slice(0, 5), `${unexpected.length} unexpected answers`).toEqual([]);
    expect(seen.filter((r) => r.what === "run" && r.status === 200).length).toBeGreaterThan(50);
    expect(seen.filter((r) => r.what === "upload" && r.status === 201).length).toBeGreaterThan(3);

    // 2. Every run has ended or is paused, nothing is left processing, and the counters match the items.
    const runs = await db.run.findMany({ where: { id: { in: [...runIds] } } });
    expect(runs.length).toBe(runIds.size);
    expect(runs.length).toBeGreaterThan(5);
    for (const run of runs) {
      expect(["completed", "failed", "cancelled", "paused"]).toContain(run.status);
      const groups = await db.runItem.groupBy({ by: ["status"], where: { runId: run.id }, _count: { _all: true } });
      const actual = Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
      const counters = itemCounts(run);
      expect(counters).toEqual({ pending: 0, processing: 0, completed: 0, failed: 0, needs_review: 0, skipped: 0, ...actual });
      expect(Object.values(counters).reduce((a, b) => a + b, 0)).toBe(run.totalItems);
      expect(run.processingCount).toBe(0);
      const summary = await call<RunSummary>("run", "GET", `/api/runs/${run.id}`);
      expect(summary.body.counts).toEqual(counters);
    }

    // 3. Every model call the endpoint received has exactly one attempt on record; the only attempts
    //    the endpoint may not have seen are calls cut off by a cancellation.
    const received = endpoint.receivedAttempts();
    expect(new Set(received).size).toBe(received.length);
    const attempts = await db.itemAttempt.findMany({ select: { id: true, errorKind: true } });
    const recorded = new Map(attempts.map((a) => [a.id, a.errorKind]));
    expect(received.filter((id) => !recorded.has(id))).toEqual([]);
    const receivedSet = new Set(received);
    expect(attempts.filter((a) => !receivedSet.has(a.id) && a.errorKind !== "cancelled")).toEqual([]);
    expect(received.length).toBeGreaterThan(500);

    const ended = runs.filter((r) => r.status !== "paused").length;
    console.log(`soak: ${seen.length} requests, ${runs.length} runs (${ended} ended, ${runs.length - ended} paused), ${received.length} model calls, ${attempts.length} attempts`);

    // 4. The executor never gave up on a database error.
    expect(app.output()).not.toMatch(/P1008|SocketTimeout|SQLITE_BUSY|stopped on an error/);
  });
});
