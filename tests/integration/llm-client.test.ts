// The model layer end to end: callModel → real openai SDK → HTTP → simulator.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { callModel, createModelClient, validateOutputSchema, type ModelCallInput } from "@/lib/server/llm/client";
import { classifyError, ModelCallError } from "@/lib/server/llm/errors";
import { validateOutput } from "@/lib/server/llm/output-schema";
import { costNanos, priceFor } from "@/lib/server/llm/pricing";
import { FORCE_FAILURE_HEADER, type ForcedFailure, type SimulatorKnobs } from "@/lib/server/llm/simulator";
import { startSimulatorServer, type SimulatorServer } from "../support/simulator-server";

const MODEL = "gpt-4o-mini";
const FAST_RETRIES = { rateLimitRetries: 2, maxRetryWaitMs: 20 };

function clientFor(server: SimulatorServer, timeoutMs?: number) {
  return createModelClient({ baseURL: server.baseURL, apiKey: "sk-test", simulated: true }, timeoutMs ? { timeoutMs } : {});
}

async function failureOf(promise: Promise<unknown>): Promise<ModelCallError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ModelCallError) return err;
    throw err;
  }
  throw new Error("expected the model call to fail");
}

const extraServers: SimulatorServer[] = [];
async function serverWith(knobs: Partial<SimulatorKnobs>): Promise<SimulatorServer> {
  const server = await startSimulatorServer(knobs);
  extraServers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(extraServers.splice(0).map((s) => s.close()));
});

describe("callModel against the simulator", () => {
  let server: SimulatorServer;
  beforeAll(async () => {
    server = await startSimulatorServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const forced = (kind: ForcedFailure, input: Partial<ModelCallInput> = {}) =>
    callModel(clientFor(server), { model: MODEL, prompt: "Reply in json please", headers: { [FORCE_FAILURE_HEADER]: kind }, ...input });

  it("answers the same input the same way, with usage priced from the table", async () => {
    const input = { model: MODEL, system: "You label support tickets.", prompt: "My parcel arrived broken and nobody answers my emails" };
    const first = await callModel(clientFor(server), input);
    const second = await callModel(clientFor(server), input);
    const other = await callModel(clientFor(server), { ...input, prompt: "Where is my refund?" });

    expect(first.output).toMatch(/^Simulated answer [0-9a-f]{6}: My parcel arrived broken and nobody answers my…$/);
    expect(second.output).toBe(first.output);
    expect(other.output).not.toBe(first.output);
    expect(first.tokensIn).toBeGreaterThan(15); // system + prompt + per-message overhead
    expect(first.tokensOut).toBe(Math.ceil(first.output.length / 4));
    expect([second.tokensIn, second.tokensOut]).toEqual([first.tokensIn, first.tokensOut]);
    expect(first.costNanos).toBeGreaterThan(0);
    expect(first.costNanos).toBe(costNanos({ promptTokens: first.tokensIn, completionTokens: first.tokensOut }, priceFor(MODEL)));
    expect(first.cachedTokensIn).toBe(0);
    expect(first.rateLimitedAttempts).toBe(0);
    expect(first.rateLimit).toBeNull();
  });

  it("returns structured output that conforms to the requested JSON schema", async () => {
    const schema = {
      type: "object",
      additionalProperties: false,
      required: ["sentiment", "score", "tags", "reason", "urgent"],
      properties: {
        sentiment: { type: "string", enum: ["positive", "neutral", "negative"] },
        score: { type: "integer", minimum: 1, maximum: 5 },
        tags: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 3 },
        reason: { type: ["string", "null"] },
        urgent: { type: "boolean" },
      },
    };
    const result = await callModel(clientFor(server), { model: MODEL, prompt: "Great service, thanks!", outputSchema: schema });
    const check = validateOutput(schema, result.output);
    expect(check).toMatchObject({ ok: true });
    const value = JSON.parse(result.output) as { sentiment: string; score: number };
    expect(["positive", "neutral", "negative"]).toContain(value.sentiment);
    expect(value.score).toBeGreaterThanOrEqual(1);
    expect(value.score).toBeLessThanOrEqual(5);
  });

  it("reports an answer that is not JSON as invalid_output, still billed", async () => {
    const schema = { type: "object", additionalProperties: false, required: ["label"], properties: { label: { type: "string" } } };
    const error = await failureOf(forced("invalid_json", { outputSchema: schema }));
    expect(error.kind).toBe("invalid_output");
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/not valid JSON/);
    expect(error.billed?.costNanos).toBeGreaterThan(0);
  });

  it("reports a filtered answer as content_filter, not retryable", async () => {
    const error = await failureOf(forced("content_filter"));
    expect(error.kind).toBe("content_filter");
    expect(error.retryable).toBe(false);
  });

  it("turns a request OpenAI would reject into bad_request, not retryable", async () => {
    const forcedError = await failureOf(forced("bad_request"));
    expect([forcedError.kind, forcedError.status, forcedError.retryable]).toEqual(["bad_request", 400, false]);

    // A body without messages, sent through the SDK as a misbehaving caller would.
    const sent = clientFor(server).post("/chat/completions", { body: { model: MODEL } });
    const raw = classifyError(await sent.then(() => undefined, (err: unknown) => err));
    expect([raw.kind, raw.status, raw.retryable]).toEqual(["bad_request", 400, false]);
    expect(raw.message).toContain("Missing required parameter: 'messages'");
  });

  it("refuses an unpriced model or an unusable schema before sending anything", async () => {
    const unknown = await failureOf(callModel(clientFor(server), { model: "gpt-9", prompt: "hi" }));
    expect([unknown.kind, unknown.retryable]).toEqual(["bad_request", false]);
    expect(unknown.message).toMatch(/No price is known for model "gpt-9"/);

    const before = server.requestCount();
    const schema = { type: "object", properties: { age: { type: "integr" } } };
    const badSchema = await failureOf(callModel(clientFor(server), { model: MODEL, prompt: "hi", outputSchema: schema }));
    expect(badSchema.kind).toBe("bad_request");
    expect(server.requestCount()).toBe(before);
  });

  it("gives up at the client timeout with kind timeout", async () => {
    const started = Date.now();
    const error = await failureOf(
      callModel(clientFor(server, 300), { model: MODEL, prompt: "hi", headers: { [FORCE_FAILURE_HEADER]: "timeout" } }),
    );
    expect([error.kind, error.retryable]).toEqual(["timeout", true]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("simulator knobs through the SDK", () => {
  it("failureRate 1 fails every call with a retryable server error", async () => {
    const server = await serverWith({ failureRate: 1 });
    const error = await failureOf(callModel(clientFor(server), { model: MODEL, prompt: "hi" }));
    expect([error.kind, error.status, error.retryable]).toEqual(["server", 500, true]);
  });

  it("RPM 2: the third call is rate limited after its in-call retries, with the server's wait", async () => {
    const server = await serverWith({ rateLimitRpm: 2 });
    const client = clientFor(server);
    const first = await callModel(client, { model: MODEL, prompt: "one" }, FAST_RETRIES);
    const second = await callModel(client, { model: MODEL, prompt: "two" }, FAST_RETRIES);
    expect(first.rateLimit).toMatchObject({ limit: 2, remaining: 1 });
    expect(second.rateLimit).toMatchObject({ limit: 2, remaining: 0 });
    expect(second.rateLimit?.resetMs).toBeGreaterThan(50_000);

    const error = await failureOf(callModel(client, { model: MODEL, prompt: "three" }, FAST_RETRIES));
    expect([error.kind, error.status, error.retryable]).toEqual(["rate_limit", 429, true]);
    expect(error.retryAfterMs).toBeGreaterThan(50_000); // the window frees a slot in about a minute
    expect(error.message).toMatch(/after 2 in-call retries/);
    expect(server.requestCount()).toBe(2 + 3);
  });

  it("waits out a 429 inside the call when the window frees up", async () => {
    // The simulator's clock stands still until the third request (the in-call retry), then jumps past
    // the 60-s window: the retry finds a free slot however slow this machine is.
    const start = Date.now();
    const server: SimulatorServer = await serverWith({
      rateLimitRpm: 1,
      now: () => start + (server.requestCount() >= 3 ? 61_000 : 0),
    });
    const client = clientFor(server);
    await callModel(client, { model: MODEL, prompt: "one" });
    const second = await callModel(client, { model: MODEL, prompt: "two" }, { rateLimitRetries: 3, maxRetryWaitMs: 100 });
    expect(second.output).toContain("two");
    expect(second.rateLimitedAttempts).toBeGreaterThanOrEqual(1);
  });
});

describe("validateOutputSchema", () => {
  it("accepts a strict object schema", () => {
    const schema = { type: "object", additionalProperties: false, required: ["x"], properties: { x: { type: "number" } } };
    expect(validateOutputSchema(schema)).toBeNull();
  });

  it("names the place of an invalid JSON Schema keyword", () => {
    const message = validateOutputSchema({ type: "object", properties: { age: { type: "integr" } } });
    expect(message).toMatch(/properties\/age\/type/);
  });

  it("explains what strict structured outputs need", () => {
    expect(validateOutputSchema([1, 2])).toMatch(/must be a JSON object, not an array/);
    expect(validateOutputSchema({ type: "string" })).toMatch(/root must be \{"type": "object"\}/);
    expect(validateOutputSchema({ type: "object", properties: { a: { type: "string" } }, required: ["a"] })).toMatch(
      /the schema root needs "additionalProperties": false/,
    );
    const nested = {
      type: "object",
      additionalProperties: false,
      required: ["address"],
      properties: { address: { type: "object", additionalProperties: false, properties: { city: { type: "string" } } } },
    };
    expect(validateOutputSchema(nested)).toMatch(/properties\.address must list every property in "required" \(missing: city/);
  });
});
