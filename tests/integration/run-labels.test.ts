// Labels as the output shape, through POST /api/runs: the model is asked for one of them in its system
// message, an answer naming one (whatever its case, spacing or full stop) is stored as listed, and any
// other answer fails as invalid_output, is retried, and ends in review. Bad label lists are a 422 naming
// `labels` that writes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labelsFromInstruction } from "@/lib/shared/labels";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import { startScriptedEndpoint, type ScriptedEndpoint } from "../support/scripted-endpoint";
import type { SimulatorServer } from "../support/simulator-server";
import { asRole } from "../support/test-auth";

let simulator: SimulatorServer;
let endpoint: ScriptedEndpoint;
let app: InProcessApp;
type Route = (request: Request, context?: unknown) => Promise<Response>;
let postRuns: Route;

const LABELS = ["Hot lead", "Cold lead"];

beforeAll(async () => {
  // CTOs are hot (answered loosely), interns cold, and note 3 gets an answer that is no label at all.
  endpoint = await startScriptedEndpoint((prompt) => (prompt.includes("note 3 ") ? "Maybe, hard to say" : prompt.includes("CTO") ? '  "hot   LEAD." ' : "Cold lead"));
  ({ simulator, app } = await startInProcessApp({ APP_URL: endpoint.url }));
  postRuns = asRole((await import("@/app/api/runs/route")).POST);
});

afterAll(async () => {
  await endpoint.close();
  await stopInProcessApp(simulator);
});

async function post(body: Record<string, unknown>) {
  const response = await postRuns(new Request("http://127.0.0.1/api/runs", { method: "POST", body: JSON.stringify(body) }));
  return { status: response.status, body: (await response.json()) as { id?: string; error?: { code: string; field?: string; message: string } } };
}

const prompt = { template: "{{title}}: {{notes}}", system: "You sort leads." };

describe("a run with labels", () => {
  it("stores the listed label for answers that name one, and fails the rest as invalid_output until review", async () => {
    const dataset = await app.fixtures.createLeadsDataset(6);
    const { status, body } = await post({ datasetId: dataset.id, kind: "full", prompt, labels: LABELS, batchSize: 6, errorThreshold: 1, maxRetries: 1 });
    expect(status).toBe(201);
    const runId = body.id ?? "";
    await app.fixtures.waitForRun(runId);

    const items = await app.db.runItem.findMany({ where: { runId }, orderBy: { rowIndex: "asc" } });
    expect(items.map((item) => item.output)).toEqual(["Cold lead", "Hot lead", "Cold lead", null, "Cold lead", "Hot lead"]);
    const unlabelled = items[3];
    expect(unlabelled).toMatchObject({ status: "needs_review", errorKind: "invalid_output", attempts: 2 });
    expect(unlabelled?.errorMessage).toMatch(/none of the labels: Maybe, hard to say/);
    // The failed answers were billed, so they count.
    expect(unlabelled?.tokensOut).toBeGreaterThan(0);

    // The labels reach the model as the last line of its system message, after the person's own.
    const system = endpoint.bodies.at(-1)?.messages.find((m) => m.role === "system")?.content ?? "";
    expect(system.startsWith("You sort leads.\n")).toBe(true);
    expect(labelsFromInstruction(system)).toEqual(LABELS);

    const summary = await app.getRunSummary(runId);
    expect(summary.settings.labels).toEqual(LABELS);
  });

  it("answers from the response cache only for the same labels", async () => {
    const dataset = await app.fixtures.createLeadsDataset(2);
    const first = await post({ datasetId: dataset.id, kind: "full", prompt, labels: LABELS });
    await app.fixtures.waitForRun(first.body.id ?? "");

    const same = await post({ datasetId: dataset.id, kind: "full", prompt, labels: LABELS });
    const other = await post({ datasetId: dataset.id, kind: "full", prompt, labels: ["Hot lead", "Cold lead", "Not a lead"] });
    const runs = await Promise.all([same, other].map((r) => app.fixtures.waitForRun(r.body.id ?? "")));
    expect(runs.map((run) => run.cachedCount)).toEqual([2, 0]);
  });

  it.each([
    [{ labels: [] }, /at least 1 label/],
    [{ labels: ["Hot", " hot "] }, /same label/],
    [{ labels: ["Hot", ""] }, /label 2 is empty/],
    [{ labels: ["Hot"], outputSchema: { type: "object", properties: {}, required: [], additionalProperties: false } }, /cannot be used together/],
  ])("refuses %j with 422 naming labels, and writes nothing", async (shape, message) => {
    const dataset = await app.fixtures.createLeadsDataset(2);
    const { status, body } = await post({ datasetId: dataset.id, kind: "sample", prompt, ...shape });
    expect(status).toBe(422);
    expect(body.error).toMatchObject({ code: "validation_failed", field: "labels", message: expect.stringMatching(message) });
    expect(await app.db.run.count({ where: { datasetId: dataset.id } })).toBe(0);
  });
});
