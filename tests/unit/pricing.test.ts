import { describe, expect, it } from "vitest";
import {
  BATCH_API_DISCOUNT,
  costNanos,
  estimateTokens,
  hasPrice,
  listModels,
  listPriceFor,
  NANOS_PER_USD,
  nanosToUsd,
  priceFor,
  UnknownModelError,
  usdToNanos,
} from "@/lib/server/llm/pricing";

const MINI = priceFor("gpt-4o-mini");

describe("costNanos", () => {
  it("bills input and output at the list price, in exact nano-dollars", () => {
    // gpt-4o-mini: $0.15 / 1M in, $0.60 / 1M out → 1,000 in = 150,000 n$, 500 out = 300,000 n$.
    expect(costNanos({ promptTokens: 1000, completionTokens: 500 }, MINI)).toBe(450_000);
    // gpt-4.1: $2 / 1M in, $8 / 1M out.
    expect(costNanos({ promptTokens: 1_000_000, completionTokens: 1_000_000 }, priceFor("gpt-4.1"))).toBe(10 * NANOS_PER_USD);
  });

  it("bills cached prompt tokens at the cached price, not twice", () => {
    // 600 uncached × 0.15 + 400 cached × 0.075 = 90,000 + 30,000 n$.
    expect(costNanos({ promptTokens: 1000, cachedPromptTokens: 400, completionTokens: 0 }, MINI)).toBe(120_000);
  });

  it("takes the batch discount off: the list's half price, or the provider's own share", () => {
    expect(BATCH_API_DISCOUNT).toBe(0.5);
    expect(costNanos({ promptTokens: 1000, completionTokens: 500 }, MINI, { batch: true })).toBe(225_000);
    expect(costNanos({ promptTokens: 1000, completionTokens: 500 }, { ...MINI, batchDiscount: 0.25 }, { batch: true })).toBe(337_500);
    expect(costNanos({ promptTokens: 1000, completionTokens: 500 }, { ...MINI, batchDiscount: 0 }, { batch: true })).toBe(450_000);
  });

  it("keeps a tiny call's cost as it is instead of rounding it up to a micro-dollar", () => {
    // One gpt-5-nano input token costs 50 n$ (0.05 µ$): it used to be billed as 1 µ$, twenty times over.
    expect(costNanos({ promptTokens: 1, completionTokens: 0 }, priceFor("gpt-5-nano"))).toBe(50);
    expect(costNanos({ promptTokens: 1, completionTokens: 0 }, priceFor("gpt-5-nano"), { batch: true })).toBe(25);
    expect(costNanos({ promptTokens: 0, completionTokens: 0 }, priceFor("gpt-5-nano"))).toBe(0);
  });

  it("adds 10,000 tiny gpt-4o-mini calls up to tokens × list price within 0.1 %", () => {
    let billed = 0;
    let tokensIn = 0;
    let tokensOut = 0;
    for (let i = 0; i < 10_000; i++) {
      // 20–60 tokens in, 1–8 out: a label per row, the calls rounding up used to overbill by 9–11 %.
      const usage = { promptTokens: 20 + (i % 41), completionTokens: 1 + (i % 8) };
      billed += costNanos(usage, MINI);
      tokensIn += usage.promptTokens;
      tokensOut += usage.completionTokens;
    }
    const listUsd = (tokensIn * MINI.input + tokensOut * MINI.output) / 1_000_000;
    expect(Math.abs(nanosToUsd(billed) - listUsd) / listUsd).toBeLessThan(0.001);
    // The same calls at Batch API prices: half, just as exactly.
    const batchBilled = Array.from({ length: 10_000 }, (_, i) => costNanos({ promptTokens: 20 + (i % 41), completionTokens: 1 + (i % 8) }, MINI, { batch: true }));
    const batchUsd = nanosToUsd(batchBilled.reduce((sum, n) => sum + n, 0));
    expect(Math.abs(batchUsd - listUsd / 2) / (listUsd / 2)).toBeLessThan(0.001);
  });

  it("bills a model with no price at $0, and any price a provider enters", () => {
    expect(costNanos({ promptTokens: 1000, completionTokens: 500 }, null)).toBe(0);
    // An entered price with more decimals than any list price still comes out right.
    expect(costNanos({ promptTokens: 1_000_000, completionTokens: 0 }, { input: 0.0375, cachedInput: 0.0375, output: 0 })).toBe(37_500_000);
  });

  it("converts between USD and nano-dollars both ways", () => {
    expect(usdToNanos(0.03)).toBe(30_000_000);
    expect(nanosToUsd(30_000_000n)).toBeCloseTo(0.03, 12);
  });

  it("refuses impossible usage instead of guessing", () => {
    expect(() => costNanos({ promptTokens: -1, completionTokens: 0 }, MINI)).toThrow(RangeError);
    expect(() => costNanos({ promptTokens: 1.5, completionTokens: 0 }, MINI)).toThrow(/non-negative integer/);
    expect(() => costNanos({ promptTokens: 10, cachedPromptTokens: 11, completionTokens: 0 }, MINI)).toThrow(/cannot exceed/);
  });
});

describe("listPriceFor", () => {
  it("prices a dated snapshot like its alias, and knows nothing of other models", () => {
    expect(listPriceFor("gpt-4o-mini-2024-07-18")).toEqual(MINI);
    expect(listPriceFor("llama3")).toBeUndefined();
  });
});

describe("priceFor", () => {
  it("names the unknown model and the known ones", () => {
    expect(() => priceFor("gpt-7-ultra")).toThrow(UnknownModelError);
    expect(() => priceFor("gpt-7-ultra")).toThrow(/"gpt-7-ultra".*gpt-4o-mini/);
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
