// GET/PUT /api/datasets/:id/draft: the new-run form's last draft, kept per dataset and per person.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";
import { asRole } from "../support/test-auth";
import type { RunDraftResponse } from "@/lib/shared/run-draft";

let simulator: SimulatorServer;
let app: InProcessApp;
type Context = { params: Promise<{ id: string }> };
type Route = (request: Request, context?: Context) => Promise<Response>;
let route: { GET: Route; PUT: Route; asOperator: { GET: Route; PUT: Route }; asReviewer: { GET: Route } };

beforeAll(async () => {
  ({ simulator, app } = await startInProcessApp());
  const draft = await import("@/app/api/datasets/[id]/draft/route");
  route = {
    GET: asRole(draft.GET),
    PUT: asRole(draft.PUT),
    asOperator: { GET: asRole(draft.GET, "operator"), PUT: asRole(draft.PUT, "operator") },
    asReviewer: { GET: asRole(draft.GET, "reviewer") },
  };
});

afterAll(() => stopInProcessApp(simulator));

const at = (id: string): Context => ({ params: Promise.resolve({ id }) });
const url = (id: string) => `http://127.0.0.1/api/datasets/${id}/draft`;
const put = (handler: Route, id: string, body: unknown) =>
  handler(new Request(url(id), { method: "PUT", body: JSON.stringify(body), headers: { "content-type": "application/json" } }), at(id));
const get = (handler: Route, id: string) => handler(new Request(url(id)), at(id));

describe("run drafts", () => {
  it("is empty at first, then gives back what was saved last, for this person only", async () => {
    const dataset = await app.fixtures.createLeadsDataset(2);
    expect(await (await get(route.GET, dataset.id)).json()).toEqual({ draft: null });

    const values = { prompt: { template: "Classify {{notes}}", system: "Be brief." }, outputShape: "labels", labels: ["Hot", "Cold"], budgetUsd: 0.5 };
    expect((await put(route.PUT, dataset.id, { values: { ...values, labels: ["Hot"] } })).status).toBe(200);
    const saved = await put(route.PUT, dataset.id, { values });
    expect(saved.status).toBe(200);

    const loaded = (await (await get(route.GET, dataset.id)).json()) as RunDraftResponse;
    expect(loaded.draft?.values).toEqual(values);
    expect(Date.parse(loaded.draft?.updatedAt ?? "")).toBeGreaterThan(Date.now() - 60_000);
    expect(await app.db.runDraft.count({ where: { datasetId: dataset.id } })).toBe(1);

    // Another operator has a draft of their own.
    expect(await (await get(route.asOperator.GET, dataset.id)).json()).toEqual({ draft: null });
    await put(route.asOperator.PUT, dataset.id, { values: { model: "gpt-4o" } });
    expect(((await (await get(route.GET, dataset.id)).json()) as RunDraftResponse).draft?.values).toEqual(values);
  });

  it("refuses what is not a draft with 422 naming values, an unknown dataset with 404, a reviewer with 403", async () => {
    const dataset = await app.fixtures.createLeadsDataset(1);
    const bad = await put(route.PUT, dataset.id, { values: ["not", "an", "object"] });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe("values");
    const huge = await put(route.PUT, dataset.id, { values: { template: "x".repeat(200_001) } });
    expect(huge.status).toBe(422);

    expect((await put(route.PUT, "no-such-dataset", { values: {} })).status).toBe(404);
    expect((await get(route.GET, "no-such-dataset")).status).toBe(404);
    expect((await get(route.asReviewer.GET, dataset.id)).status).toBe(403);
    expect(await app.db.runDraft.count({ where: { datasetId: dataset.id } })).toBe(0);
  });

  it("goes with its dataset", async () => {
    const dataset = await app.fixtures.createLeadsDataset(1);
    await put(route.PUT, dataset.id, { values: { model: "gpt-4o" } });
    await app.db.dataset.delete({ where: { id: dataset.id } });
    expect(await app.db.runDraft.count({ where: { datasetId: dataset.id } })).toBe(0);
  });
});
