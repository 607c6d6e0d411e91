// Providers, models and prices through the route handlers, and runs on a second provider: a test
// OpenAI-compatible endpoint (not the simulator) serving a model no price list knows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRole } from "../support/test-auth";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import { startCompatibleEndpoint, type CompatibleEndpoint } from "../support/compatible-endpoint";
import type { SimulatorServer } from "../support/simulator-server";
import type { ProviderModelsResponse, ProviderView } from "@/lib/shared/api-types";

const KEY = "sk-live-provider-test-key-9f3a";
const OTHER_MODEL = "llama3.1:8b";
let simulator: SimulatorServer;
let app: InProcessApp;
let endpoint: CompatibleEndpoint;
let routes: {
  list: typeof import("@/app/api/providers/route");
  one: typeof import("@/app/api/providers/[id]/route");
  models: typeof import("@/app/api/providers/[id]/models/route");
  price: typeof import("@/app/api/providers/[id]/models/[model]/price/route");
};

beforeAll(async () => {
  ({ simulator, app } = await startInProcessApp({ BATCHWISE_SECRET_KEY: "providers-test-secret" }));
  endpoint = await startCompatibleEndpoint({ models: [OTHER_MODEL, "gpt-4o-mini"], usage: { promptTokens: 40, completionTokens: 2 } });
  routes = {
    list: await import("@/app/api/providers/route"),
    one: await import("@/app/api/providers/[id]/route"),
    models: await import("@/app/api/providers/[id]/models/route"),
    price: await import("@/app/api/providers/[id]/models/[model]/price/route"),
  };
});

afterAll(async () => {
  await endpoint?.close();
  await stopInProcessApp(simulator);
});

type Role = "owner" | "operator" | "reviewer";
const idContext = (id: string) => ({ params: Promise.resolve({ id }) });
const modelContext = (id: string, model: string) => ({ params: Promise.resolve({ id, model }) });

function jsonRequest(method: string, body?: unknown): Request {
  return new Request("http://localhost/api/providers", {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function read(response: Response): Promise<{ status: number; text: string; body: Record<string, unknown> }> {
  const text = await response.text();
  return { status: response.status, text, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

async function addProvider(body: Record<string, unknown>, role: Role = "owner") {
  return read(await asRole(routes.list.POST, role)(jsonRequest("POST", body)));
}

async function listProviders(role: Role = "owner"): Promise<{ text: string; items: ProviderView[] }> {
  const { text, body } = await read(await asRole(routes.list.GET, role)(jsonRequest("GET")));
  return { text, items: body.items as ProviderView[] };
}

async function setPrice(id: string, model: string, price: unknown, role: Role = "owner") {
  return read(await asRole(routes.price.PUT, role)(jsonRequest("PUT", price), modelContext(id, model)));
}

async function models(id: string): Promise<ProviderModelsResponse> {
  return (await read(await asRole(routes.models.GET, "reviewer")(jsonRequest("GET"), idContext(id)))).body as unknown as ProviderModelsResponse;
}

describe("providers", () => {
  it("lists the simulator as the default while no OPENAI_API_KEY is set", async () => {
    const { items } = await listProviders("reviewer");
    expect(items.find((p) => p.id === "simulator")).toMatchObject({ kind: "simulator", isDefault: true });
    expect(items.find((p) => p.id === "default")).toBeUndefined();
  });

  it("stores a key encrypted and never answers with it: only its last 4 characters", async () => {
    const created = await addProvider({ name: "Local vLLM", baseUrl: `${endpoint.baseURL}/`, apiKey: KEY, rpm: 600, batchApi: true });
    expect(created.status).toBe(201);
    expect(created.text).not.toContain(KEY);
    expect(created.body).toMatchObject({ name: "Local vLLM", baseUrl: endpoint.baseURL, kind: "custom", apiKeyLast4: "9f3a", rpm: 600, tpm: null, batchApi: true });

    const id = String(created.body.id);
    const row = await app.db.provider.findUniqueOrThrow({ where: { id } });
    expect(row.apiKeyCipher).toBeTruthy();
    expect(row.apiKeyCipher).not.toContain(KEY);

    const listed = await listProviders();
    expect(listed.text).not.toContain(KEY);
    const edited = await read(await asRole(routes.one.PATCH)(jsonRequest("PATCH", { name: "Local vLLM 2", tpm: 90_000 }), idContext(id)));
    expect(edited.status).toBe(200);
    expect(edited.text).not.toContain(KEY);
    expect(edited.body).toMatchObject({ name: "Local vLLM 2", apiKeyLast4: "9f3a", tpm: 90_000, rpm: 600 });
    // The models listing calls the endpoint with the decrypted key; no answer carries it.
    const listing = await read(await asRole(routes.models.GET, "reviewer")(jsonRequest("GET"), idContext(id)));
    expect(listing.text).not.toContain(KEY);
    expect(endpoint.authorizations().at(-1)).toBe(`Bearer ${KEY}`);

    const removed = await asRole(routes.one.DELETE)(jsonRequest("DELETE"), idContext(id));
    expect(removed.status).toBe(204);
    expect((await listProviders()).items.some((p) => p.id === id)).toBe(false);
  });

  it("lets only the owner add, change, price or delete, and anyone signed in read", async () => {
    const created = await addProvider({ name: "Owner's only", baseUrl: endpoint.baseURL });
    const id = String(created.body.id);
    for (const role of ["operator", "reviewer"] as const) {
      expect((await addProvider({ name: `by ${role}`, baseUrl: endpoint.baseURL }, role)).status).toBe(403);
      expect((await asRole(routes.one.PATCH, role)(jsonRequest("PATCH", { name: "x" }), idContext(id))).status).toBe(403);
      expect((await asRole(routes.one.DELETE, role)(jsonRequest("DELETE"), idContext(id))).status).toBe(403);
      expect((await setPrice(id, OTHER_MODEL, { input: 1, output: 2 }, role)).status).toBe(403);
      expect((await asRole(routes.list.GET, role)(jsonRequest("GET"))).status).toBe(200);
    }
    const anonymous = await routes.list.GET(jsonRequest("GET"), undefined);
    expect(anonymous.status).toBe(401);
  });

  it("refuses bad input naming the field, a taken name, and changes to the built-in ones", async () => {
    const badUrl = await addProvider({ name: "Bad", baseUrl: "ftp://example.com" });
    expect(badUrl).toMatchObject({ status: 422, body: { error: { field: "baseUrl" } } });
    const badLimit = await addProvider({ name: "Bad", baseUrl: endpoint.baseURL, rpm: -5 });
    expect(badLimit).toMatchObject({ status: 422, body: { error: { field: "rpm" } } });
    expect((await addProvider({ name: "Twice", baseUrl: endpoint.baseURL })).status).toBe(201);
    expect(await addProvider({ name: "Twice", baseUrl: endpoint.baseURL })).toMatchObject({ status: 409, body: { error: { field: "name" } } });
    const builtIn = await read(await asRole(routes.one.PATCH)(jsonRequest("PATCH", { name: "Mine" }), idContext("simulator")));
    expect(builtIn.status).toBe(409);
    expect((await asRole(routes.one.DELETE)(jsonRequest("DELETE"), idContext("simulator"))).status).toBe(409);
    expect((await asRole(routes.one.DELETE)(jsonRequest("DELETE"), idContext("no-such-provider"))).status).toBe(404);
    expect((await setPrice("no-such-provider", OTHER_MODEL, { input: 1, output: 2 })).status).toBe(404);
    expect(await setPrice("simulator", "gpt-4o-mini", { input: -1, output: 2 })).toMatchObject({ status: 422, body: { error: { field: "input" } } });
  });
});

describe("models and prices", () => {
  it("lists the endpoint's models with their prices, marks the unknown one, and takes a price for it", async () => {
    const id = String((await addProvider({ name: "Models", baseUrl: endpoint.baseURL, apiKey: KEY })).body.id);
    const before = await models(id);
    expect(before.listError).toBeNull();
    expect(before.items.find((m) => m.id === OTHER_MODEL)).toEqual({ id: OTHER_MODEL, price: null, priceSource: null, listed: true });
    expect(before.items.find((m) => m.id === "gpt-4o-mini")).toMatchObject({ priceSource: "list", price: { input: 0.15, output: 0.6, batchDiscount: 0.5 } });

    const saved = await setPrice(id, OTHER_MODEL, { input: 0.2, output: 0.8 });
    expect(saved).toMatchObject({ status: 200, body: { model: OTHER_MODEL, source: "entered", price: { input: 0.2, cachedInput: 0.2, output: 0.8, batchDiscount: 0.5 } } });
    const after = await models(id);
    expect(after.items.find((m) => m.id === OTHER_MODEL)).toMatchObject({ priceSource: "entered", price: { input: 0.2, output: 0.8 } });
  });

  it("says why when the endpoint does not list its models, and still shows the priced ones", async () => {
    const silent = await startCompatibleEndpoint({ models: [], modelsStatus: 404 });
    try {
      const id = String((await addProvider({ name: "No list", baseUrl: silent.baseURL })).body.id);
      await setPrice(id, "my-model", { input: 1, output: 1 });
      const listing = await models(id);
      expect(listing.listError).toMatch(/could not be read/);
      expect(listing.items).toEqual([{ id: "my-model", price: { input: 1, cachedInput: 1, output: 1, batchDiscount: 0.5 }, priceSource: "entered", listed: false }]);
    } finally {
      await silent.close();
    }
  });
});

describe("a run on a second provider", () => {
  it("calls that endpoint with its key, bills the entered price exactly, and keeps the provider from deletion", async () => {
    const id = String((await addProvider({ name: "Priced vLLM", baseUrl: endpoint.baseURL, apiKey: KEY, rpm: 6_000, tpm: 2_000_000 })).body.id);
    await setPrice(id, OTHER_MODEL, { input: 0.3, output: 1.2 });
    const dataset = await app.fixtures.createLeadsDataset(25);
    const calls = endpoint.models().length;
    const { id: runId } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt: { template: "Label {{title}}: {{notes}}" }, useCache: false, model: OTHER_MODEL, providerId: id, batchSize: 10 });
    const run = await app.fixtures.waitForRun(runId);
    expect(run.status).toBe("completed");
    expect(endpoint.models().slice(calls)).toEqual(Array(25).fill(OTHER_MODEL));
    expect(endpoint.authorizations().at(-1)).toBe(`Bearer ${KEY}`);
    // The provider's known limits seeded its endpoint's limiter (shared by every run on that endpoint and key).
    const { rateLimiterFor } = await import("@/lib/server/llm/rate-limiter");
    expect(rateLimiterFor({ baseURL: endpoint.baseURL, apiKey: KEY }).stats()).toMatchObject({ rpm: 6_000, tpm: 2_000_000 });

    const summary = await app.getRunSummary(runId);
    expect(summary.provider).toEqual({ id, name: "Priced vLLM" });
    expect(summary.priceUnknown).toBe(false);
    // 25 calls × (40 in × $0.3 + 2 out × $1.2) per 1M tokens.
    const listUsd = (25 * (40 * 0.3 + 2 * 1.2)) / 1_000_000;
    expect(Math.abs(summary.cost.usd - listUsd) / listUsd).toBeLessThan(0.001);

    // A price changed later does not rewrite what the run was billed at.
    await setPrice(id, OTHER_MODEL, { input: 3, output: 12 });
    expect((await app.getRunSummary(runId)).cost.usd).toBeCloseTo(listUsd, 12);

    const refused = await read(await asRole(routes.one.DELETE)(jsonRequest("DELETE"), idContext(id)));
    expect(refused).toMatchObject({ status: 409, body: { error: { runCount: 1 } } });
    expect((await listProviders()).items.find((p) => p.id === id)?.runCount).toBe(1);
  });

  it("runs a model with no price at $0, marked price unknown", async () => {
    const id = String((await addProvider({ name: "Unpriced", baseUrl: endpoint.baseURL })).body.id);
    const dataset = await app.fixtures.createLeadsDataset(5);
    const { id: runId } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt: { template: "Label {{title}}: {{notes}}" }, useCache: false, model: OTHER_MODEL, providerId: id });
    expect((await app.fixtures.waitForRun(runId)).status).toBe("completed");
    const summary = await app.getRunSummary(runId);
    expect(summary).toMatchObject({ priceUnknown: true, cost: { usd: 0, tokensIn: 200, tokensOut: 10 }, counts: { completed: 5 } });
    // Endpoints without keys still get a header the SDK can send.
    expect(endpoint.authorizations().at(-1)).toBe("Bearer no-key");
  });

  it("launches a full run from a sample on the sample's provider when it names none", async () => {
    const id = String((await addProvider({ name: "Sample's provider", baseUrl: endpoint.baseURL })).body.id);
    const dataset = await app.fixtures.createLeadsDataset(4);
    const prompt = { template: "Label {{title}}: {{notes}}" };
    const sample = await app.createRun({ datasetId: dataset.id, kind: "sample", sampleSize: 2, prompt, model: OTHER_MODEL, providerId: id, useCache: false });
    await app.fixtures.waitForRun(sample.id);
    const full = await app.createRun({ datasetId: dataset.id, kind: "full", prompt, model: OTHER_MODEL, sourceRunId: sample.id, useCache: false });
    await app.fixtures.waitForRun(full.id);
    expect((await app.getRunSummary(full.id)).provider).toEqual({ id, name: "Sample's provider" });
  });

  it("refuses a provider that does not exist, naming providerId, and writes nothing", async () => {
    const dataset = await app.fixtures.createLeadsDataset(3);
    await expect(app.createRun({ datasetId: dataset.id, kind: "full", prompt: { template: "{{title}}" }, providerId: "nope" })).rejects.toMatchObject({
      status: 422,
      details: { field: "providerId" },
    });
    expect(await app.db.run.count({ where: { datasetId: dataset.id } })).toBe(0);
  });

  it("refuses a Batch API run on a provider that does not offer it, naming mode, and writes nothing", async () => {
    const id = String((await addProvider({ name: "No batches", baseUrl: endpoint.baseURL, batchApi: false })).body.id);
    const dataset = await app.fixtures.createLeadsDataset(3);
    await expect(
      app.createRun({ datasetId: dataset.id, kind: "full", prompt: { template: "{{title}}" }, model: OTHER_MODEL, providerId: id, mode: "batch" }),
    ).rejects.toMatchObject({ status: 422, details: { field: "mode" } });
    expect(await app.db.run.count({ where: { datasetId: dataset.id } })).toBe(0);
  });
});
