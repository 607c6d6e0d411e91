import { describe, expect, it } from "vitest";
import {
  BATCH_API_DISCOUNT,
  costMicros,
  estimateTokens,
  hasPrice,
  listModels,
  priceFor,
  UnknownModelError,
} from "@/lib/server/llm/pricing";

describe("costMicros", () => {
  it("bills input and output at the list price, in exact micro-dollars", () => {
    // gpt-4o-mini: $0.15 / 1M in, $0.60 / 1M out → 1,000 in = 150 µ$, 500 out = 300 µ$.
    expect(costMicros("gpt-4o-mini", { promptTokens: 1000, completionTokens: 500 })).toBe(450);
    // gpt-4.1: $2 / 1M in, $8 / 1M out.
    expect(costMicros("gpt-4.1", { promptTokens: 1_000_000, completionTokens: 1_000_000 })).toBe(10_000_000);
  });

  it("bills cached prompt tokens at the cached price, not twice", () => {
    // 600 uncached × 0.15 + 400 cached × 0.075 = 90 + 30.
    expect(costMicros("gpt-4o-mini", { promptTokens: 1000, cachedPromptTokens: 400, completionTokens: 0 })).toBe(120);
  });

  it("halves the price for the Batch API", () => {
    expect(BATCH_API_DISCOUNT).toBe(0.5);
    expect(costMicros("gpt-4o-mini", { promptTokens: 1000, completionTokens: 500 }, { batchApi: true })).toBe(225);
  });

  it("rounds a fraction of a micro-dollar up, so tiny calls are never free", () => {
    // One gpt-5-nano input token costs 0.05 µ$.
    expect(costMicros("gpt-5-nano", { promptTokens: 1, completionTokens: 0 })).toBe(1);
    expect(costMicros("gpt-5-nano", { promptTokens: 1, completionTokens: 0 }, { batchApi: true })).toBe(1);
    expect(costMicros("gpt-5-nano", { promptTokens: 0, completionTokens: 0 })).toBe(0);
  });

  it("prices a dated snapshot like its alias", () => {
    expect(costMicros("gpt-4o-mini-2024-07-18", { promptTokens: 1000, completionTokens: 500 })).toBe(450);
  });

  it("refuses impossible usage instead of guessing", () => {
    expect(() => costMicros("gpt-4o", { promptTokens: -1, completionTokens: 0 })).toThrow(RangeError);
    expect(() => costMicros("gpt-4o", { promptTokens: 1.5, completionTokens: 0 })).toThrow(/non-negative integer/);
    expect(() => costMicros("gpt-4o", { promptTokens: 10, cachedPromptTokens: 11, completionTokens: 0 })).toThrow(/cannot exceed/);
  });
});

describe("priceFor", () => {
  it("names the unknown model and the known ones", () => {
    expect(() => priceFor("gpt-7-ultra")).toThrow(UnknownModelError);
    expect(() => priceFor("gpt-7-ultra")).toThrow(/"gpt-7-ultra".*gpt-4o-mini/);
    expect(() => costMicros("llama3", { promptTokens: 1, completionTokens: 1 })).toThrow(/No price is known for model "llama3"/);
    expect(hasPrice("llama3")).toBe(false);
  });

  it("keeps cached input cheaper than input and output dearer, for every model", () => {
    for (const model of listModels()) {
      expect(model.cachedInput).toBeLessThan(model.input);
      expect(model.output).toBeGreaterThan(model.input);
    }
  });
});

describe("listModels", () => {
  it("offers the common OpenAI models, cheapest input first", () => {
    const models = listModels();
    const ids = models.map((m) => m.id);
    for (const id of ["gpt-4o-mini", "gpt-4o", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "o4-mini", "gpt-5", "gpt-5-mini", "gpt-5-nano"]) {
      expect(ids).toContain(id);
    }
    const inputs = models.map((m) => m.input);
    expect(inputs).toEqual([...inputs].sort((a, b) => a - b));
    expect(models[0]?.id).toBe("gpt-5-nano");
  });
});

describe("estimateTokens", () => {
  it("counts about four characters per token, rounding up", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("abcd")).toBe(1);
    expect(estimateTokens("abcde")).toBe(2);
    expect(estimateTokens("x".repeat(4000))).toBe(1000);
  });
});
