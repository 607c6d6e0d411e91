// The review queue for speed: filters and counts per error kind, and bulk retry, discard and resolve
// (by ids or by a filter) as background jobs that answer 202 and complete with the right totals; a
// person racing a bulk retry, two overlapping jobs, two executors taking one job, and a reviewer's
// resolutions sent to the model as examples. SQLite by default, PostgreSQL with TEST_DATABASE_URL.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";
import { asRole } from "../support/test-auth";
import type { ReviewJob } from "@/lib/shared/api-types";

let simulator: SimulatorServer;
let app: InProcessApp;
type Handler = (request: Request, context?: unknown) => Promise<Response>;
let postJob: Handler;
let getSummary: Handler;
let getQueue: Handler;

beforeAll(async () => {
  ({ simulator, app } = await startInProcessApp());
  // Imported after the environment is set (lib/server/env reads it once).
  postJob = asRole((await import("@/app/api/review/jobs/route")).POST as Handler, "reviewer");
  getSummary = asRole((await import("@/app/api/review/summary/route")).GET as Handler, "reviewer");
  getQueue = asRole((await import("@/app/api/review/route")).GET as Handler, "reviewer");
});

afterAll(() => stopInProcessApp(simulator));

const prompt = { template: "Classify: {{notes}}" };

/** A finished run whose every item is in review: failed by the simulator's 500s, or by the forced fault given. */
async function runInReview(rows: number, fault?: "bad_request") {
  if (fault) simulator.setFaults({ [fault]: 1 });
  else simulator.setKnobs({ latencyMs: 1, failureRate: 1 });
  const dataset = await app.fixtures.createLeadsDataset(rows, `ds-${randomUUID().slice(0, 6)}`);
  const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, batchSize: 10, errorThreshold: 1, maxRetries: 1 });
  await app.fixtures.waitForRun(id);
  simulator.setFaults({});
  simulator.setKnobs({ latencyMs: 1 });
  const items = await app.db.runItem.findMany({ where: { runId: id }, orderBy: { rowIndex: "asc" } });
  expect(items.every((item) => item.status === "needs_review")).toBe(true);
  return { runId: id, datasetId: dataset.id, ids: items.map((item) => item.id) };
}

async function post(body: unknown): Promise<{ status: number; job: ReviewJob }> {
  const response = await postJob(new Request("http://127.0.0.1/api/review/jobs", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }));
  return { status: response.status, job: (await response.json()) as ReviewJob };
}

async function get<T>(handler: Handler, path: string): Promise<T> {
  const response = await handler(new Request(`http://127.0.0.1${path}`));
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

async function makeUser(): Promise<string> {
  const id = randomUUID();
  await app.db.user.create({ data: { id, name: "Reviewer", email: `${id}@test.batchwise.local`, role: "reviewer" } });
  return id;
}

const statusOf = async (ids: string[]) => (await app.db.runItem.findMany({ where: { id: { in: ids } }, select: { status: true } })).map((i) => i.status);

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("review filters and counts", () => {
  it("filters the queue by run, dataset and error kind, and counts each kind", async () => {
    const a = await runInReview(3);
    const b = await runInReview(2, "bad_request");

    type Summary = { open: number; byErrorKind: { errorKind: string; count: number }[]; runs: { id: string; count: number }[]; datasets: { id: string; count: number }[] };
    const all = await get<Summary>(getSummary, "/api/review/summary");
    expect(all.open).toBeGreaterThanOrEqual(5);
    expect(all.runs).toEqual(expect.arrayContaining([expect.objectContaining({ id: a.runId, count: 3 }), expect.objectContaining({ id: b.runId, count: 2 })]));
    expect(all.datasets).toEqual(expect.arrayContaining([expect.objectContaining({ id: b.datasetId, count: 2 })]));

    expect((await get<Summary>(getSummary, `/api/review/summary?runId=${a.runId}`)).byErrorKind).toEqual([{ errorKind: "server", count: 3 }]);
    expect((await get<Summary>(getSummary, `/api/review/summary?datasetId=${b.datasetId}`)).byErrorKind).toEqual([{ errorKind: "bad_request", count: 2 }]);

    type Queue = { total: number; items: { id: string; errorKind: string }[] };
    const byDataset = await get<Queue>(getQueue, `/api/review?datasetId=${b.datasetId}`);
    expect(byDataset.items.map((i) => i.id).sort()).toEqual([...b.ids].sort());
    expect((await get<Queue>(getQueue, `/api/review?runId=${a.runId}&errorKind=bad_request`)).total).toBe(0);
    expect((await get<Queue>(getQueue, `/api/review?runId=${b.runId}&errorKind=bad_request`)).total).toBe(2);
    const serverOnly = await get<Queue>(getQueue, `/api/review?errorKind=server&limit=200`);
    expect(serverOnly.items.every((i) => i.errorKind === "server")).toBe(true);
    expect(serverOnly.items.map((i) => i.id)).toEqual(expect.arrayContaining(a.ids));
  });
});

describe("bulk review jobs", () => {
  it("retries items by id as a 202 job that completes with the right totals", async () => {
    const { runId, ids } = await runInReview(12);
    const { status, job } = await post({ action: "retry", itemIds: ids.slice(0, 10) });
    expect(status).toBe(202);
    expect(job).toMatchObject({ action: "retry", total: 10, itemCount: 10, done: 0 });
    expect(["queued", "running"]).toContain(job.status);
    expect(await app.fixtures.waitForReviewJob(job.id)).toMatchObject({ status: "completed", total: 10, done: 10, failed: 0, skipped: 0 });
    expect(await statusOf(ids.slice(0, 10))).toEqual(Array(10).fill("completed"));
    expect(await statusOf(ids.slice(10))).toEqual(["needs_review", "needs_review"]);
    expect(await app.getReport(runId)).toMatchObject({ completed: 10, needsReview: 2 });
  });

  it("discards every item matching a filter, and only those", async () => {
    const a = await runInReview(4);
    const b = await runInReview(3, "bad_request");
    const { status, job } = await post({ action: "discard", filter: { datasetId: b.datasetId, errorKind: "bad_request" } });
    expect(status).toBe(202);
    expect(job).toMatchObject({ total: 3, filter: { datasetId: b.datasetId, errorKind: "bad_request" } });
    expect(await app.fixtures.waitForReviewJob(job.id)).toMatchObject({ status: "completed", total: 3, done: 3, skipped: 0 });
    const discarded = await app.db.runItem.findMany({ where: { id: { in: b.ids } } });
    expect(discarded.every((i) => i.status === "skipped" && i.skipReason === "discarded in review" && i.reviewAction === "discard")).toBe(true);
    expect(await statusOf(a.ids)).toEqual(Array(4).fill("needs_review"));
  });

  it("resolves items by id and by filter with one output, and refuses a resolve without one", async () => {
    const { runId, ids } = await runInReview(6);
    expect((await post({ action: "resolve", itemIds: ids })).status).toBe(422);
    const byIds = await post({ action: "resolve", itemIds: ids.slice(0, 2), output: "not a lead" });
    expect(byIds.status).toBe(202);
    expect(await app.fixtures.waitForReviewJob(byIds.job.id)).toMatchObject({ status: "completed", total: 2, done: 2 });
    const byFilter = await post({ action: "resolve", filter: { runId }, output: "maybe" });
    expect(byFilter.job.total).toBe(4);
    expect(await app.fixtures.waitForReviewJob(byFilter.job.id)).toMatchObject({ status: "completed", total: 4, done: 4 });
    const items = await app.db.runItem.findMany({ where: { runId }, orderBy: { rowIndex: "asc" } });
    expect(items.map((i) => [i.status, i.output, i.reviewAction])).toEqual([
      ...Array(2).fill(["completed", "not a lead", "resolve"]),
      ...Array(4).fill(["completed", "maybe", "resolve"]),
    ]);
    expect(await app.getReport(runId)).toMatchObject({ completed: 6, needsReview: 0 });
  });

  it("the old body { runId, action } is a job too, answered 202", async () => {
    const { runId } = await runInReview(3);
    const bulk = asRole((await import("@/app/api/review/bulk/route")).POST as Handler, "reviewer");
    const response = await bulk(new Request("http://127.0.0.1/api/review/bulk", { method: "POST", body: JSON.stringify({ runId, action: "retry" }) }));
    expect(response.status).toBe(202);
    const job = (await response.json()) as ReviewJob;
    expect(await app.fixtures.waitForReviewJob(job.id)).toMatchObject({ status: "completed", total: 3, done: 3 });
  });

  it("a person's resolve of an item a bulk retry holds gets 409 and the model's answer stands; one resolved first is skipped by the job", async () => {
    const { ids } = await runInReview(4);
    const [first, held, ...rest] = ids as [string, string, ...string[]];
    // Resolved before the job: the job passes it over.
    await app.actOnReviewItem(first, { action: "resolve", output: "by a person" });
    simulator.setKnobs({ latencyMs: 400 });
    const job = await app.createReviewJob({ action: "retry", itemIds: ids });
    await waitUntil(async () => (await statusOf([held]))[0] === "processing", "the job to claim the item");
    // The job holds it now: the person is told so, and nothing is overwritten.
    await expect(app.actOnReviewItem(held, { action: "resolve", output: "lost?" })).rejects.toMatchObject({ code: "conflict", details: { status: "processing" } });
    const done = await app.fixtures.waitForReviewJob(job.id);
    simulator.setKnobs({ latencyMs: 1 });
    expect(done).toMatchObject({ status: "completed", total: 4, done: 3, failed: 0, skipped: 1 });
    const items = await app.db.runItem.findMany({ where: { id: { in: [first, held, ...rest] } } });
    const byId = new Map(items.map((i) => [i.id, i]));
    expect(byId.get(first)).toMatchObject({ status: "completed", output: "by a person", reviewAction: "resolve", attempts: 2 });
    expect(byId.get(held)).toMatchObject({ status: "completed", reviewAction: "retry", attempts: 3 });
    expect(byId.get(held)?.output).not.toBe("lost?");
  });

  it("a resolve and a bulk retry racing for the same items: each item is settled once, by whoever won it", async () => {
    const { ids } = await runInReview(8);
    simulator.setKnobs({ latencyMs: 50 });
    const [job, ...resolves] = await Promise.all([
      app.createReviewJob({ action: "retry", itemIds: ids }),
      ...ids.map((id) => app.actOnReviewItem(id, { action: "resolve", output: "by a person" }).then(() => "won" as const, (error: { code?: string }) => error.code ?? "error")),
    ]);
    const done = await app.fixtures.waitForReviewJob(job.id);
    simulator.setKnobs({ latencyMs: 1 });
    expect(resolves.every((r) => r === "won" || r === "conflict")).toBe(true);
    const personWon = resolves.filter((r) => r === "won").length;
    expect(done).toMatchObject({ status: "completed", done: 8 - personWon, skipped: personWon, failed: 0 });
    const items = await app.db.runItem.findMany({ where: { id: { in: ids } } });
    for (const [index, id] of ids.entries()) {
      const item = items.find((i) => i.id === id);
      // The person's answer survives where the person won; the model's where the job won.
      if (resolves[index] === "won") expect(item).toMatchObject({ status: "completed", output: "by a person", attempts: 2 });
      else expect(item).toMatchObject({ status: "completed", reviewAction: "retry", attempts: 3 });
    }
  });

  it("two jobs over overlapping items send each item once, and their totals add up", async () => {
    const { runId, ids } = await runInReview(10);
    const callsBefore = simulator.receivedAttempts().length;
    const [a, b] = await Promise.all([
      app.createReviewJob({ action: "retry", itemIds: ids.slice(0, 6) }),
      app.createReviewJob({ action: "retry", itemIds: ids.slice(3) }),
    ]);
    const [doneA, doneB] = await Promise.all([app.fixtures.waitForReviewJob(a.id), app.fixtures.waitForReviewJob(b.id)]);
    expect(simulator.receivedAttempts().length - callsBefore).toBe(10);
    expect(doneA.done + doneB.done).toBe(10);
    expect(doneA.skipped + doneB.skipped).toBe(3);
    expect(doneA.done + doneA.skipped).toBe(6);
    expect(doneB.done + doneB.skipped).toBe(7);
    const attempts = await app.db.itemAttempt.groupBy({ by: ["itemId"], where: { itemId: { in: ids } }, _count: { _all: true } });
    expect(attempts.map((a) => a._count._all)).toEqual(Array(10).fill(3));
    expect(await app.getReport(runId)).toMatchObject({ completed: 10, needsReview: 0 });
  });

  it("of two executors taking one job, one wins", async () => {
    const { ids } = await runInReview(2);
    const job = await app.db.reviewJob.create({ data: { action: "discard", executor: "elsewhere", itemIds: JSON.stringify(ids), total: 2 } });
    const won = await Promise.all([app.claimReviewJob(job.id, "executor-a"), app.claimReviewJob(job.id, "executor-b")]);
    expect(won.filter(Boolean)).toHaveLength(1);
    const holder = won[0] ? "executor-a" : "executor-b";
    expect(await app.db.reviewJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "running", leaseOwner: holder });
    // The loser cannot work on it while the lease holds.
    await expect(app.executeReviewJobChunk(job.id, holder === "executor-a" ? "executor-b" : "executor-a")).rejects.toThrow(/held by/);
  });

  it("a job left running by an executor that died is taken over by the supervisor, and the items it held are sent once", async () => {
    const { ids } = await runInReview(3);
    const [held] = ids as [string];
    const job = await app.db.reviewJob.create({
      data: { action: "retry", executor: "local", status: "running", itemIds: JSON.stringify([...ids].sort()), total: 3, leaseOwner: "gone-host:1:x", leaseExpiresAt: new Date(Date.now() - 1000) },
    });
    // It had claimed one item before it died.
    await app.db.runItem.update({ where: { id: held }, data: { status: "processing", claim: `review:job:${job.id}:x` } });
    const callsBefore = simulator.receivedAttempts().length;
    const { localExecutor } = await import("@/lib/server/runs/local-executor");
    expect(await localExecutor.superviseReviewJobs()).toBe(1);
    expect(await app.fixtures.waitForReviewJob(job.id)).toMatchObject({ status: "completed", total: 3, done: 3, failed: 0, skipped: 0 });
    expect(simulator.receivedAttempts().length - callsBefore).toBe(3);
    expect(await app.db.runItem.count({ where: { id: { in: ids }, status: "completed", attempts: 3, claim: null } })).toBe(3);
  });

  it("retries with the reviewer's own resolutions as examples in the prompt, and refuses someone else's", async () => {
    const { runId, ids } = await runInReview(5);
    const reviewer = await makeUser();
    const other = await makeUser();
    const [r1, r2, r3, ...toRetry] = ids as [string, string, string, ...string[]];
    await app.actOnReviewItem(r1, { action: "resolve", output: "qualified" }, reviewer);
    await app.actOnReviewItem(r2, { action: "resolve", output: "not qualified" }, reviewer);
    await app.actOnReviewItem(r3, { action: "resolve", output: "by someone else" }, other);

    const offered = await app.listReviewExamples(runId, reviewer);
    expect(offered.map((e) => e.itemId).sort()).toEqual([r1, r2].sort());

    await expect(app.createReviewJob({ action: "retry", itemIds: toRetry, exampleItemIds: [r1, r3] }, reviewer)).rejects.toMatchObject({ details: { field: "exampleItemIds" } });

    const bodiesBefore = simulator.receivedBodies().length;
    const job = await app.createReviewJob({ action: "retry", itemIds: toRetry, exampleItemIds: [r1, r2] }, reviewer);
    expect(job.exampleCount).toBe(2);
    expect(await app.fixtures.waitForReviewJob(job.id)).toMatchObject({ status: "completed", done: 2 });

    const resolved = await app.db.runItem.findMany({ where: { id: { in: [r1, r2, ...toRetry] } } });
    const inputOf = (id: string) => resolved.find((i) => i.id === id)?.input;
    const sent = simulator.receivedBodies().slice(bodiesBefore);
    expect(sent).toHaveLength(2);
    for (const body of sent) {
      const turns = body.messages.filter((m) => m.role !== "system");
      // The examples first (input as the user's turn, the person's output as the assistant's), then the item.
      expect(turns.slice(0, 4)).toEqual([
        { role: "user", content: inputOf(r1) },
        { role: "assistant", content: "qualified" },
        { role: "user", content: inputOf(r2) },
        { role: "assistant", content: "not qualified" },
      ]);
      expect(toRetry.map(inputOf)).toContain(turns[4]?.content);
      expect(turns).toHaveLength(5);
    }
  });
});
