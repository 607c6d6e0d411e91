// GET /api/runs?status=&datasetId= : the runs list narrowed by status and dataset, newest first, with
// a 400 naming the parameter for a value that cannot be one, and a 404 for a dataset that does not exist.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listHandler } from "@/app/api/runs/route";
import type { RunStatus, RunSummary } from "@/lib/shared/api-types";
import { asRole } from "../support/test-auth";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";

let simulator: SimulatorServer;
let app: InProcessApp;

beforeAll(async () => {
  ({ simulator, app } = await startInProcessApp());
});

afterAll(() => stopInProcessApp(simulator));

const listRoute = asRole(listHandler, "reviewer");
const prompt = { template: "Classify this lead. Title: {{title}}. Notes: {{notes}}" };

async function list(query: string) {
  const response = await listRoute(new Request(`http://localhost/api/runs${query}`));
  return { status: response.status, body: (await response.json()) as { items: RunSummary[]; error?: { code: string; field?: string; message: string } } };
}

async function listIds(query: string): Promise<string[]> {
  const { status, body } = await list(query);
  expect(status).toBe(200);
  return body.items.map((run) => run.id);
}

/** A run that never executes: inserted, then put straight into an ended status, with a creation time to order by. */
async function endedRun(datasetId: string, status: RunStatus, createdAt: Date, model?: string) {
  const run = await app.insertRun({ datasetId, kind: "sample", sampleSize: 2, prompt, ...(model ? { model } : {}) });
  await app.db.run.update({ where: { id: run.id }, data: { status, createdAt, finishedAt: createdAt } });
  return run.id;
}

describe("GET /api/runs filters", () => {
  let first: { id: string };
  let second: { id: string };
  let empty: { id: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    first = await app.fixtures.createLeadsDataset(4, "filters-first");
    second = await app.fixtures.createLeadsDataset(4, "filters-second");
    empty = await app.fixtures.createLeadsDataset(2, "filters-empty");
    const at = (minutes: number) => new Date(Date.now() + 3_600_000 + minutes * 60_000);
    ids.firstCompleted = await endedRun(first.id, "completed", at(1));
    ids.firstCancelled = await endedRun(first.id, "cancelled", at(2));
    ids.firstFailed = await endedRun(first.id, "failed", at(3));
    ids.secondCompleted = await endedRun(second.id, "completed", at(4));
    ids.secondCancelled = await endedRun(second.id, "cancelled", at(5));
  });

  it("lists one dataset's runs, newest first, each with its model and prompt", async () => {
    const { status, body } = await list(`?datasetId=${first.id}`);
    expect(status).toBe(200);
    expect(body.items.map((run) => run.id)).toEqual([ids.firstFailed, ids.firstCancelled, ids.firstCompleted]);
    for (const run of body.items) {
      expect(run.datasetId).toBe(first.id);
      expect(run.settings.model).toEqual(expect.any(String));
      expect(run.settings.prompt.template).toBe(prompt.template);
    }
  });

  it("narrows by status, alone or with a dataset, and takes several statuses", async () => {
    expect(await listIds(`?datasetId=${first.id}&status=cancelled`)).toEqual([ids.firstCancelled]);
    expect(await listIds(`?datasetId=${second.id}&status=completed`)).toEqual([ids.secondCompleted]);
    expect(await listIds(`?datasetId=${first.id}&status=completed,failed`)).toEqual([ids.firstFailed, ids.firstCompleted]);
    expect(await listIds(`?datasetId=${first.id}&status=completed&status=cancelled`)).toEqual([ids.firstCancelled, ids.firstCompleted]);
    expect(await listIds(`?datasetId=${second.id}&status=paused`)).toEqual([]);

    // Across datasets: other test files' runs share this database, so look for ours and at every status.
    const { body } = await list("?status=cancelled");
    expect(body.items.every((run) => run.status === "cancelled")).toBe(true);
    expect(body.items.map((run) => run.id)).toEqual(expect.arrayContaining([ids.firstCancelled, ids.secondCancelled]));
    expect(body.items.map((run) => run.id)).not.toContain(ids.firstCompleted);
  });

  it("treats empty parameters as no filter", async () => {
    const all = await listIds("?status=&datasetId=");
    expect(all).toEqual(expect.arrayContaining(Object.values(ids)));
  });

  it("answers 200 with no runs for a dataset that has none, 404 for a dataset that does not exist", async () => {
    expect(await list(`?datasetId=${empty.id}`)).toEqual({ status: 200, body: { items: [] } });
    const missing = await list("?datasetId=cnotadataset000000000000");
    expect(missing.status).toBe(404);
    expect(missing.body.error?.code).toBe("not_found");
  });

  it("refuses a status or dataset id that cannot be one with a 400 naming the parameter", async () => {
    const badStatus = await list("?status=done");
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error).toMatchObject({ code: "bad_request", field: "status" });
    expect(badStatus.body.error?.message).toContain("queued, running, paused, completed, failed, cancelled");

    const oneBadOfTwo = await list("?status=running,Completed");
    expect(oneBadOfTwo.status).toBe(400);
    expect(oneBadOfTwo.body.error?.field).toBe("status");

    const badDataset = await list(`?datasetId=${encodeURIComponent("x' OR 1=1 --")}`);
    expect(badDataset.status).toBe(400);
    expect(badDataset.body.error).toMatchObject({ code: "bad_request", field: "datasetId" });
  });
});
