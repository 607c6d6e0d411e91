// POST /api/runs with budgets at and past the edges: out of range is a 422 naming budgetUsd (never a
// 500, never silently "no cap" or a zero cap); in range is stored and served as sent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";
import { asRole } from "../support/test-auth";

let simulator: SimulatorServer;
let app: InProcessApp;
type Route = (request: Request, context?: { params: Promise<{ id: string }> }) => Promise<Response>;
let routes: { runs: { POST: Route }; run: { GET: Route } };

beforeAll(async () => {
  ({ simulator, app } = await startInProcessApp());
  const runs = await import("@/app/api/runs/route");
  const run = await import("@/app/api/runs/[id]/route");
  routes = { runs: { POST: asRole(runs.POST) }, run: { GET: asRole(run.GET) } };
});

afterAll(() => stopInProcessApp(simulator));

async function postRun(datasetId: string, budgetUsd: number) {
  const body = { datasetId, kind: "sample", sampleSize: 1, prompt: { template: "Classify: {{notes}}" }, budgetUsd };
  const response = await routes.runs.POST(new Request("http://127.0.0.1/api/runs", { method: "POST", body: JSON.stringify(body) }));
  return { status: response.status, body: (await response.json()) as { id?: string; error?: { code: string; field?: string; message: string } } };
}

describe("POST /api/runs budgetUsd", () => {
  it.each([9_007_199_255, 1e13, 1e308, 1e-9])("%d is refused with 422 naming budgetUsd", async (budgetUsd) => {
    const dataset = await app.fixtures.createLeadsDataset(2);
    const { status, body } = await postRun(dataset.id, budgetUsd);

    expect(status).toBe(422);
    expect(body.error).toMatchObject({ code: "validation_failed", field: "budgetUsd", message: expect.stringContaining("budgetUsd") });
    expect(await app.db.run.count({ where: { datasetId: dataset.id } })).toBe(0);
  });

  it.each([1_000_000, 0.000001])("%d is stored and served as sent", async (budgetUsd) => {
    const dataset = await app.fixtures.createLeadsDataset(2);
    const { status, body } = await postRun(dataset.id, budgetUsd);
    expect(status).toBe(201);
    const id = body.id ?? "";
    // A micro-dollar budget stops the run before its first batch (paused, stopped by budget).
    await app.fixtures.waitForRun(id, ["completed", "paused"]);

    const served = await routes.run.GET(new Request(`http://127.0.0.1/api/runs/${id}`), { params: Promise.resolve({ id }) });
    expect(((await served.json()) as { settings: { budgetUsd: number | null } }).settings.budgetUsd).toBe(budgetUsd);
  });
});
