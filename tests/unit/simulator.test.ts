// The simulator speaks OpenAI's shapes: what a client (or the SDK) would see from the real API.
import { describe, expect, it } from "vitest";
import { checkOutputSchema, validateOutput } from "@/lib/server/llm/output-schema";
import { createSimulator, type SimulatorKnobs } from "@/lib/server/llm/simulator";

const BASE = "http://sim.test/v1";
const user = (content: string) => [{ role: "user", content }];

function simulator(knobs: Partial<SimulatorKnobs> = {}) {
  return createSimulator({ latencyMs: 0, failureRate: 0, rateLimitRpm: 0, ...knobs });
}

function post(body: unknown, init: { path?: string; headers?: Record<string, string>; signal?: AbortSignal } = {}): Request {
  const payload = typeof body === "string" ? body : JSON.stringify(body);
  const headers = { "content-type": "application/json", ...init.headers };
  return new Request(`${BASE}${init.path ?? "/chat/completions"}`, { method: "POST", body: payload, headers, signal: init.signal });
}

interface Completion {
  model: string;
  choices: { message: { content: string | null }; finish_reason: string }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}
interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

async function complete(sim: ReturnType<typeof simulator>, body: unknown): Promise<Completion> {
  const response = await sim.handle(post(body));
  expect(response.status).toBe(200);
  return (await response.json()) as Completion;
}

describe("request validation", () => {
  const cases: [string, unknown, number, Partial<ErrorBody["error"]>][] = [
    ["no model", { messages: user("hi") }, 400, { message: "you must provide a model parameter" }],
    ["no messages", { model: "gpt-4o-mini" }, 400, { param: "messages", code: "missing_required_parameter" }],
    ["empty messages", { model: "gpt-4o-mini", messages: [] }, 400, { param: "messages", code: "empty_array" }],
    ["bad role", { model: "gpt-4o-mini", messages: [{ role: "robot", content: "x" }] }, 400, { param: "messages[0].role", code: "invalid_value" }],
    ["json mode without 'json'", { model: "gpt-4o-mini", messages: user("hi"), response_format: { type: "json_object" } }, 400, { param: "messages" }],
    [
      "schema without name",
      { model: "gpt-4o-mini", messages: user("hi"), response_format: { type: "json_schema", json_schema: { schema: {} } } },
      400,
      { param: "response_format.json_schema.name" },
    ],
    ["unknown model", { model: "gpt-9", messages: user("hi") }, 404, { code: "model_not_found" }],
    ["not JSON at all", "{oops", 400, { type: "invalid_request_error" }],
  ];

  it.each(cases)("%s → %i with OpenAI's error shape", async (_name, body, status, expected) => {
    const response = await simulator().handle(post(body));
    expect(response.status).toBe(status);
    const json = (await response.json()) as ErrorBody;
    expect(Object.keys(json.error).sort()).toEqual(["code", "message", "param", "type"]);
    expect(json.error).toMatchObject(expected);
  });

  it("answers unknown paths with 404 and serves the model list at any mount point", async () => {
    expect((await simulator().handle(new Request(`${BASE}/embeddings`, { method: "POST" }))).status).toBe(404);
    const models = await simulator().handle(new Request("http://app.test/api/simulator/v1/models"));
    const list = (await models.json()) as { object: string; data: { id: string }[] };
    expect(list.object).toBe("list");
    expect(list.data.map((m) => m.id)).toContain("gpt-4o-mini");
  });
});

describe("answers", () => {
  it("are deterministic per model and messages, with usage that grows with the prompt", async () => {
    const sim = simulator();
    const prompt = "Summarise: the parcel came late\nNotes: the box was open";
    const short = await complete(sim, { model: "gpt-4o-mini", messages: user(prompt) });
    const again = await complete(sim, { model: "gpt-4o-mini", messages: user(prompt) });
    const otherModel = await complete(sim, { model: "gpt-4o", messages: user(prompt) });
    const long = await complete(sim, { model: "gpt-4o-mini", messages: user(prompt.repeat(40)) });
    expect(again.choices[0]?.message.content).toBe(short.choices[0]?.message.content);
    expect(otherModel.choices[0]?.message.content).not.toBe(short.choices[0]?.message.content);
    expect(short.choices[0]?.finish_reason).toBe("stop");
    expect(long.usage.prompt_tokens).toBeGreaterThan(short.usage.prompt_tokens + 300);
    expect(short.usage.total_tokens).toBe(short.usage.prompt_tokens + short.usage.completion_tokens);
  });

  it("fill a JSON schema with refs, enums, ranges, arrays and nullable fields", async () => {
    const schema = {
      type: "object",
      additionalProperties: false,
      required: ["label", "count", "ratio", "level", "items", "note", "when", "owner"],
      properties: {
        label: { enum: ["a", "b", "c"] },
        count: { type: "integer", minimum: 10, maximum: 12 },
        ratio: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 0.5 },
        level: { type: "integer", exclusiveMinimum: 0, exclusiveMaximum: 3 },
        items: { type: "array", items: { $ref: "#/$defs/item" }, minItems: 3, maxItems: 4 },
        note: { anyOf: [{ type: "null" }, { type: "string", maxLength: 5 }] },
        when: { type: "string", format: "date" },
        owner: { type: ["object", "null"], additionalProperties: false, required: ["name"], properties: { name: { type: "string" } } },
      },
      $defs: { item: { type: "object", additionalProperties: false, required: ["ok"], properties: { ok: { type: "boolean" } } } },
    };
    const body = { model: "gpt-4o-mini", messages: user("x"), response_format: { type: "json_schema", json_schema: { name: "t", schema } } };
    const content = (await complete(simulator(), body)).choices[0]?.message.content ?? "";
    const check = checkOutputSchema(schema);
    if (!check.ok) throw new Error(check.message);
    expect(validateOutput(check.schema, content)).toMatchObject({ ok: true });
    expect((JSON.parse(content) as { items: unknown[] }).items).toHaveLength(3);
  });

  it("cut off at max_completion_tokens with finish_reason length", async () => {
    const answer = await complete(simulator(), { model: "gpt-4o-mini", messages: user("one two three four five"), max_completion_tokens: 2 });
    expect(answer.choices[0]?.finish_reason).toBe("length");
    expect(answer.choices[0]?.message.content).toHaveLength(8);
  });
});

describe("knobs", () => {
  it("RPM: a sliding 60-s window, with 429s that say when to come back", async () => {
    let clock = 1_000_000;
    const sim = simulator({ rateLimitRpm: 2, now: () => clock });
    const ok1 = await sim.handle(post({ model: "gpt-4o-mini", messages: user("a") }));
    clock += 1_500;
    const ok2 = await sim.handle(post({ model: "gpt-4o-mini", messages: user("b") }));
    const limited = await sim.handle(post({ model: "gpt-4o-mini", messages: user("c") }));

    expect(ok1.headers.get("x-ratelimit-remaining-requests")).toBe("1");
    expect(ok2.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    expect(ok2.headers.get("x-ratelimit-reset-requests")).toBe("58.5s");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("59");
    expect(limited.headers.get("retry-after-ms")).toBe("58500");
    expect(limited.headers.get("x-ratelimit-limit-requests")).toBe("2");
    expect(((await limited.json()) as ErrorBody).error.code).toBe("rate_limit_exceeded");

    clock += 58_500; // the first request leaves the window
    expect((await sim.handle(post({ model: "gpt-4o-mini", messages: user("d") }))).status).toBe(200);
  });

  it("TPM: prompt + completion per sliding minute, refused requests count against neither limit", async () => {
    let clock = 1_000_000;
    const sim = simulator({ rateLimitRpm: 100, rateLimitTpm: 50, now: () => clock });
    const first = await sim.handle(post({ model: "gpt-4o-mini", messages: user("alpha") }));
    const used = ((await first.json()) as Completion).usage.total_tokens;
    expect(used).toBeGreaterThan(10);
    expect(first.headers.get("x-ratelimit-limit-tokens")).toBe("50");
    expect(first.headers.get("x-ratelimit-remaining-tokens")).toBe(String(50 - used));
    expect(first.headers.get("x-ratelimit-reset-tokens")).toBe("1m0s");
    expect(first.headers.get("x-ratelimit-remaining-requests")).toBe("99");

    clock += 10_000;
    const responses = [];
    for (let i = 0; i < 4; i++) responses.push(await sim.handle(post({ model: "gpt-4o-mini", messages: user("alpha") })));
    const limited = responses.find((r) => r.status === 429);
    if (!limited) throw new Error("expected a 429 on tokens");
    const error = ((await limited.json()) as ErrorBody).error;
    expect(error).toMatchObject({ code: "rate_limit_exceeded", type: "tokens" });
    expect(error.message).toMatch(/tokens per min \(TPM\): Limit 50, Used \d+, Requested \d+/);
    expect(limited.headers.get("retry-after-ms")).toBe("50000"); // the first request leaves the window
    expect(limited.headers.get("x-ratelimit-limit-tokens")).toBe("50");
    const admitted = responses.filter((r) => r.status === 200).length + 1;
    expect(limited.headers.get("x-ratelimit-remaining-requests")).toBe(String(100 - admitted));

    const tooLarge = await sim.handle(post({ model: "gpt-4o-mini", messages: user("word ".repeat(200)) }));
    expect(tooLarge.status).toBe(429);
    expect(((await tooLarge.json()) as ErrorBody).error.message).toMatch(/^Request too large/);
    clock += 60_000;
    expect((await sim.handle(post({ model: "gpt-4o-mini", messages: user("alpha") }))).status).toBe(200);
  });

  it("rateWindowMs enforces the per-minute limits pro rata over a shorter window, naming the per-minute limit", async () => {
    let clock = 1_000_000;
    const sim = simulator({ rateLimitRpm: 120, rateWindowMs: 1_000, now: () => clock });
    const send = () => sim.handle(post({ model: "gpt-4o-mini", messages: user("a") }));
    const [a, b, c] = [await send(), await send(), await send()];
    expect([a.status, b.status, c.status]).toEqual([200, 200, 429]);
    expect(b.headers.get("x-ratelimit-limit-requests")).toBe("120");
    expect(b.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    expect(c.headers.get("retry-after-ms")).toBe("1000");
    clock += 1_000;
    expect((await send()).status).toBe(200);
  });

  it("failure rate: a random share of requests gets a 500 server_error", async () => {
    let draw = 0.3;
    const sim = simulator({ failureRate: 0.5, random: () => draw });
    const failed = await sim.handle(post({ model: "gpt-4o-mini", messages: user("a") }));
    expect(failed.status).toBe(500);
    expect(((await failed.json()) as ErrorBody).error.type).toBe("server_error");
    draw = 0.7;
    expect((await sim.handle(post({ model: "gpt-4o-mini", messages: user("a") }))).status).toBe(200);
  });

  it("latency: waits, but stops as soon as the client goes away", async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = simulator({ latencyMs: 10_000 }).handle(post({ model: "gpt-4o-mini", messages: user("a") }, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    expect((await pending).status).toBe(499);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("rejects an unknown forced outcome instead of ignoring it", async () => {
    const response = await simulator().handle(post({ model: "gpt-4o-mini", messages: user("a") }, { headers: { "x-simulator-fail": "explode" } }));
    expect(response.status).toBe(400);
  });

  it("refuses impossible knobs", () => {
    expect(() => simulator({ failureRate: 1.5 })).toThrow(/failureRate/);
    expect(() => simulator({ latencyMs: -1 })).toThrow(/latencyMs/);
  });
});
