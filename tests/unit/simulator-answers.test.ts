// The simulator answers like models a person would compare: one truth per row, cheaper models off it
// on their documented share of rows, labels from the list, valid JSON, sentences drawn from the input.
import { describe, expect, it } from "vitest";
import { checkOutputSchema, validateOutput } from "@/lib/server/llm/output-schema";
import { simulatedContent } from "@/lib/server/llm/simulator-content";
import type { SimChatRequest } from "@/lib/server/llm/simulator-request";
import { labelInstruction } from "@/lib/shared/labels";

const LABELS = ["positive", "negative", "neutral", "mixed"];
const ROWS = Array.from({ length: 1000 }, (_, i) => `Review #${i}: the order ${i % 7 === 0 ? "arrived" : "came"} after ${i % 13} days, item ${i * 31}`);

function labelRequest(model: string, text: string, seed?: number): SimChatRequest {
  return {
    model,
    messages: [
      { role: "system", text: `You sort reviews.\n${labelInstruction(LABELS)}` },
      { role: "user", text },
    ],
    responseFormat: { type: "text" },
    ...(seed === undefined ? {} : { seed }),
  };
}

function disagreementShare(model: string, reference = "gpt-4o"): number {
  const differing = ROWS.filter((row) => simulatedContent(labelRequest(model, row)) !== simulatedContent(labelRequest(reference, row)));
  return differing.length / ROWS.length;
}

const SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["sentiment", "urgent", "score", "topic", "tags", "detail"],
  properties: {
    sentiment: { type: "string", enum: ["positive", "negative", "neutral"] },
    urgent: { type: "boolean" },
    score: { type: "integer", minimum: 1, maximum: 5 },
    topic: { type: "string" },
    tags: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 3 },
    detail: { type: "object", additionalProperties: false, required: ["when"], properties: { when: { type: "string", format: "date" } } },
  },
};

function jsonRequest(model: string, text: string): SimChatRequest {
  return { model, messages: [{ role: "user", text }], responseFormat: { type: "json_schema", name: "output", schema: SCHEMA } };
}

describe("simulated answers", () => {
  it("answer one of the labels the system message lists, the same way every time", () => {
    for (const row of ROWS.slice(0, 50)) {
      const answer = simulatedContent(labelRequest("gpt-4o-mini", row));
      expect(LABELS).toContain(answer);
      expect(simulatedContent(labelRequest("gpt-4o-mini", row))).toBe(answer);
    }
  });

  it("give every reference model the same truth, and cheaper models their documented share of disagreement (±3 points over 1,000 rows)", () => {
    expect(disagreementShare("gpt-4.1")).toBe(0);
    expect(disagreementShare("gpt-5")).toBe(0);
    expect(disagreementShare("gpt-4o-mini")).toBeGreaterThan(0.07);
    expect(disagreementShare("gpt-4o-mini")).toBeLessThan(0.13);
    expect(disagreementShare("gpt-4.1-nano")).toBeGreaterThan(0.22);
    expect(disagreementShare("gpt-4.1-nano")).toBeLessThan(0.28);
    // A dated snapshot is the same model.
    expect(disagreementShare("gpt-4o-mini-2024-07-18", "gpt-4o-mini")).toBe(0);
  });

  it("spread the truth over the labels, and follow a label the row itself names", () => {
    const answers = new Set(ROWS.slice(0, 200).map((row) => simulatedContent(labelRequest("gpt-4o", row))));
    expect(answers.size).toBe(LABELS.length);
    expect(simulatedContent(labelRequest("gpt-4o", "Customer says: overall a negative experience"))).toBe("negative");
    // A sentiment scale follows the row's tone words.
    expect(simulatedContent(labelRequest("gpt-4o", "Review: the parcel arrived broken and late"))).toBe("negative");
    expect(simulatedContent(labelRequest("gpt-4o", "Review: works perfectly, would recommend"))).toBe("positive");
  });

  it("change with the request's seed, and not without one", () => {
    const bySeed = (seed: number | undefined) => ROWS.slice(0, 40).map((row) => simulatedContent(labelRequest("gpt-4o", row, seed)));
    expect(bySeed(0)).toEqual(bySeed(undefined));
    expect(bySeed(7)).toEqual(bySeed(7));
    expect(bySeed(7)).not.toEqual(bySeed(0));
  });

  it("fill a JSON schema validly, with the cheaper model wrong on one field where it disagrees", () => {
    const check = checkOutputSchema(SCHEMA);
    if (!check.ok) throw new Error(check.message);
    let differing = 0;
    for (const row of ROWS.slice(0, 400)) {
      const truth = simulatedContent(jsonRequest("gpt-4o", row));
      const cheap = simulatedContent(jsonRequest("gpt-4.1-nano", row));
      expect(validateOutput(check.schema, truth)).toMatchObject({ ok: true });
      expect(validateOutput(check.schema, cheap)).toMatchObject({ ok: true });
      if (truth === cheap) continue;
      differing += 1;
      const [a, b] = [JSON.parse(truth) as Record<string, unknown>, JSON.parse(cheap) as Record<string, unknown>];
      const changed = Object.keys(a).filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
      expect(changed).toHaveLength(1);
    }
    // An enum of labels follows the row's tone, as a label answer does.
    const sentiment = (text: string) => (JSON.parse(simulatedContent(jsonRequest("gpt-4o", text))) as { sentiment: string }).sentiment;
    expect(sentiment("Review: arrived broken, asked for a refund")).toBe("negative");
    expect(sentiment("Review: loved it, works perfectly")).toBe("positive");
    expect(differing / 400).toBeGreaterThan(0.18);
    expect(differing / 400).toBeLessThan(0.32);
  });

  it("write free text as a short sentence drawn from the input, longer from a larger model", () => {
    const text = "Summarise this ticket.\nTicket: The parcel arrived broken and nobody answers my emails\nCustomer: Dana from Leeds";
    const request = (model: string): SimChatRequest => ({ model, messages: [{ role: "user", text }], responseFormat: { type: "text" } });
    const mini = simulatedContent(request("gpt-4o-mini"));
    const large = simulatedContent(request("gpt-4o"));
    expect(mini).toMatch(/the parcel arrived broken and nobody answers my emails\.$/i);
    expect(mini).not.toMatch(/Simulated|Summarise/);
    expect(large.length).toBeGreaterThan(mini.length);
    expect(large).toMatch(/It also mentions/);
  });
});
