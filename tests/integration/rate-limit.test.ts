// Rate limiting end to end: the real openai SDK against the simulator's RPM/TPM windows, through
// the endpoint limiter, and two runs on the local executor sharing one limiter.
import pLimit from "p-limit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { classifyError } from "@/lib/server/llm/errors";
import { EndpointRateLimiter } from "@/lib/server/llm/rate-limiter";
import { startSimulatorServer, type SimulatorServer } from "../support/simulator-server";

const MODEL = "gpt-4o-mini";
// The simulator enforces its per-minute limits over one second, pro rata, so a storm fits in a test.
const WINDOW_MS = 1_000;

let server: SimulatorServer;
// Imported after APP_URL points at this file's simulator: lib/server/env reads the environment once.
let app: {
  client: typeof import("@/lib/server/llm/client");
  db: typeof import("@/lib/server/db").db;
  createRun: typeof import("@/lib/server/runs/create-run").createRun;
  fixtures: typeof import("../support/fixtures");
};
beforeAll(async () => {
  server = await startSimulatorServer();
  vi.stubEnv("APP_URL", server.url);
  vi.stubEnv("OPENAI_API_KEY", "");
  vi.stubEnv("INNGEST_DEV", "");
  app = {
    client: await import("@/lib/server/llm/client"),
    db: (await import("@/lib/server/db")).db,
    createRun: (await import("@/lib/server/runs/create-run")).createRun,
    fixtures: await import("../support/fixtures"),
  };
});
afterAll(async () => {
  await server.close();
  vi.unstubAllEnvs();
});

async function storm(limiter: EndpointRateLimiter | undefined, calls: number, concurrency: number) {
  const { callModel, createModelClient } = app.client;
  const client = createModelClient({ baseURL: server.baseURL, apiKey: "sk-storm", simulated: true });
  const limit = pLimit(concurrency);
  const before = server.requestCount();
  const outcomes = await Promise.all(
    Array.from({ length: calls }, (_, i) =>
      limit(() =>
        callModel(client, { model: MODEL, prompt: `Label ticket ${i}` }, { rateLimiter: limiter, maxRetryWaitMs: 50 }).then(
          () => "ok",
          (err: unknown) => classifyError(err).kind,
        ),
      ),
    ),
  );
  const requests = server.requestCount() - before;
  return { failed: outcomes.filter((o) => o !== "ok"), requests, rateLimitedShare: (requests - calls) / requests };
}

describe("a 429 storm", () => {
  // How close to the limit it runs is measured by `npm run bench -- rate-limit`, not asserted here.
  it("through the limiter: every call finishes, with few 429s", async () => {
    // 3,000 RPM = 50 per sliding second, against 100 callers that could send thousands per second.
    server.setKnobs({ latencyMs: 20, rateLimitRpm: 3_000, rateLimitTpm: 300_000, rateWindowMs: WINDOW_MS });
    const limiter = new EndpointRateLimiter();
    const result = await storm(limiter, 250, 100);

    expect(result.failed).toEqual([]);
    expect(result.rateLimitedShare).toBeLessThan(0.05);
    expect(limiter.stats()).toMatchObject({ rpm: 3_000, tpm: 300_000, inFlight: 0, waiting: 0 });
  });

  it("with another client on the same key taking part of the budget, it backs off on 429s and every call still finishes", async () => {
    server.setKnobs({ latencyMs: 20, rateLimitRpm: 3_000, rateWindowMs: WINDOW_MS });
    const limiter = new EndpointRateLimiter();
    // The neighbour sends 15 requests a second and ignores the answers.
    const neighbour = setInterval(() => {
      void fetch(`${server.baseURL}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer sk-storm" },
        body: JSON.stringify({ model: MODEL, messages: [{ role: "user", content: "neighbour" }] }),
      }).then((r) => r.arrayBuffer());
    }, 1000 / 15);
    const result = await storm(limiter, 150, 100).finally(() => clearInterval(neighbour));

    expect(result.failed).toEqual([]);
    expect(limiter.stats().rateLimited).toBeLessThan(15);
  });

  it("without it, the same demand is a storm of 429s and failed calls", async () => {
    server.setKnobs({ latencyMs: 20, rateLimitRpm: 3_000, rateWindowMs: WINDOW_MS });
    const result = await storm(undefined, 150, 100);
    expect(result.rateLimitedShare).toBeGreaterThan(0.1); // twice the limiter's worst; about 0.4 on an idle machine
    expect(result.failed.length).toBeGreaterThan(0);
    expect(new Set(result.failed)).toEqual(new Set(["rate_limit"]));
  });
});

describe("two runs on one endpoint", () => {
  it("share one limiter: together they stay under the endpoint's limit and no item fails", async () => {
    // 1,200 RPM = 20 per sliding second: two runs pacing on their own would each send that much.
    server.setKnobs({ latencyMs: 10, rateLimitRpm: 1_200, rateWindowMs: WINDOW_MS });
    const { db, createRun, fixtures } = app;
    const { endpointRateLimiter, modelEndpoint } = app.client;

    const endpoint = modelEndpoint();
    expect(endpoint.baseURL.startsWith(server.url)).toBe(true);
    const limiter = endpointRateLimiter(endpoint);
    const grantedBefore = limiter.stats().granted;
    const requestsBefore = server.requestCount();

    const prompt = { template: "Classify this lead. Title: {{title}}. Notes: {{notes}}" };
    const datasets = [await fixtures.createLeadsDataset(60, "shared-a"), await fixtures.createLeadsDataset(60, "shared-b")];
    const runs = await Promise.all(
      datasets.map((d) => createRun({ datasetId: d.id, kind: "full", prompt, batchSize: 20, concurrency: 10, errorThreshold: 1 })),
    );
    const ended = await Promise.all(runs.map((r) => fixtures.waitForRun(r.id, ["completed", "failed", "cancelled"], 40_000)));

    expect(ended.map((r) => r.status)).toEqual(["completed", "completed"]);
    const [a, b] = ended;
    // They ran at the same time, so they competed for the same budget.
    expect(a?.startedAt && b?.finishedAt && a.startedAt < b.finishedAt).toBe(true);
    expect(b?.startedAt && a?.finishedAt && b.startedAt < a.finishedAt).toBe(true);

    const items = await db.runItem.findMany({ where: { runId: { in: runs.map((r) => r.id) } } });
    expect(items).toHaveLength(120);
    expect(items.every((i) => i.status === "completed" && i.attempts === 1)).toBe(true);

    const requests = server.requestCount() - requestsBefore;
    expect(limiter.stats().granted - grantedBefore).toBe(requests);
    expect((requests - 120) / requests).toBeLessThan(0.05);
  }, 60_000);
});
