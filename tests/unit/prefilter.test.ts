import { describe, expect, it } from "vitest";
import { createPrefilter, filledChars, responseCacheKey, type RenderedRow, type RequestSettings } from "@/lib/server/runs/prefilter";
import { describeSkipReason, duplicateOf, parseDuplicateOf } from "@/lib/shared/skip-reasons";
import { estimateSecondsRemaining, type ItemCounts } from "@/lib/server/runs/progress";
import { createRunSchema } from "@/lib/shared/run-settings";

const settings: RequestSettings = { model: "gpt-4o-mini", system: null, outputSchema: null };

function row(rowIndex: number, value: string, input = `Notes: ${value}`): RenderedRow {
  return { rowIndex, input, filledChars: filledChars(["notes"], { notes: value }), cacheKey: responseCacheKey(settings, input) };
}

describe("responseCacheKey", () => {
  it("is a SHA-256 hex digest, the same for the same request", () => {
    const key = responseCacheKey(settings, "hello");
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(responseCacheKey({ ...settings }, "hello")).toBe(key);
  });

  it("changes with the model, the system prompt, the output schema and the input", () => {
    const key = responseCacheKey(settings, "hello");
    expect(responseCacheKey({ ...settings, model: "gpt-4o" }, "hello")).not.toBe(key);
    expect(responseCacheKey({ ...settings, system: "Be brief." }, "hello")).not.toBe(key);
    expect(responseCacheKey({ ...settings, outputSchema: '{"type":"object"}' }, "hello")).not.toBe(key);
    expect(responseCacheKey(settings, "hello ")).not.toBe(key);
    expect(responseCacheKey({ ...settings, labels: '["Yes","No"]' }, "hello")).not.toBe(key);
    expect(responseCacheKey({ ...settings, labels: '["Yes","No"]' }, "hello")).not.toBe(responseCacheKey({ ...settings, labels: '["Yes","No","Maybe"]' }, "hello"));
    // Runs without labels keep the keys they had before labels existed.
    expect(responseCacheKey({ ...settings, labels: null }, "hello")).toBe(key);
  });

  it("tells an added provider's model from another's of the same name, and keeps earlier keys for the built-in two", () => {
    const key = responseCacheKey(settings, "hello");
    expect(responseCacheKey({ ...settings, providerId: "default" }, "hello")).toBe(key);
    expect(responseCacheKey({ ...settings, providerId: "simulator" }, "hello")).toBe(key);
    const ollama = responseCacheKey({ ...settings, providerId: "prov_ollama" }, "hello");
    expect(ollama).not.toBe(key);
    expect(responseCacheKey({ ...settings, providerId: "prov_vllm" }, "hello")).not.toBe(ollama);
  });

  it("keys an empty system prompt like none, since neither is sent", () => {
    expect(responseCacheKey({ ...settings, system: "" }, "x")).toBe(responseCacheKey(settings, "x"));
  });

  it("cannot be confused by values that run into each other", () => {
    expect(responseCacheKey({ ...settings, system: "ab" }, "c")).not.toBe(responseCacheKey({ ...settings, system: "a" }, "bc"));
  });
});

describe("filledChars", () => {
  it("counts the trimmed values of the template's columns only, in code points", () => {
    expect(filledChars(["a", "b"], { a: "  hi ", b: "\t", c: "ignored" })).toBe(2);
    expect(filledChars(["a"], { a: "😀é" })).toBe(2);
    expect(filledChars(["missing"], {})).toBe(0);
  });
});

describe("createPrefilter", () => {
  it("skips rows shorter than the minimum, whatever the template adds", () => {
    const classify = createPrefilter({ minInputChars: 4, useCache: true });
    expect(classify(row(0, ""), new Map())).toEqual({ send: false, rule: "too_short", skipReason: "too_short" });
    expect(classify(row(1, "n/a"), new Map())).toMatchObject({ rule: "too_short" });
    expect(classify(row(2, "  n/a  "), new Map())).toMatchObject({ rule: "too_short" });
    expect(classify(row(3, "real notes"), new Map())).toEqual({ send: true });
  });

  it("sends even empty rows with a minimum of 0", () => {
    const classify = createPrefilter({ minInputChars: 0, useCache: true });
    expect(classify(row(0, ""), new Map())).toEqual({ send: true });
  });

  it("sends the first occurrence and marks later ones as its duplicates, across chunks", () => {
    const classify = createPrefilter({ minInputChars: 1, useCache: true });
    expect(classify(row(3, "same"), new Map())).toEqual({ send: true });
    expect(classify(row(4, "other"), new Map())).toEqual({ send: true });
    // A later chunk: the classifier remembers row 3.
    expect(classify(row(9, "same"), new Map())).toEqual({ send: false, rule: "duplicate", skipReason: "duplicate_of:3", originalRowIndex: 3 });
    expect(classify(row(12, "same"), new Map())).toMatchObject({ skipReason: "duplicate_of:3" });
  });

  it("answers from the cache before looking for duplicates, so every copy gets the answer at once", () => {
    const classify = createPrefilter({ minInputChars: 1, useCache: true });
    const cached = new Map([[row(0, "known").cacheKey, "the answer"]]);
    expect(classify(row(0, "known"), cached)).toEqual({ send: false, rule: "cached", skipReason: "cached", output: "the answer" });
    expect(classify(row(1, "known"), cached)).toMatchObject({ rule: "cached", output: "the answer" });
  });

  it("ignores the cache when it is switched off", () => {
    const classify = createPrefilter({ minInputChars: 1, useCache: false });
    const cached = new Map([[row(0, "known").cacheKey, "the answer"]]);
    expect(classify(row(0, "known"), cached)).toEqual({ send: true });
    expect(classify(row(1, "known"), cached)).toMatchObject({ rule: "duplicate" });
  });

  it("checks length before the cache: a short row is too short even when answered before", () => {
    const classify = createPrefilter({ minInputChars: 5, useCache: true });
    const cached = new Map([[row(0, "abc").cacheKey, "old"]]);
    expect(classify(row(0, "abc"), cached)).toMatchObject({ rule: "too_short" });
  });
});

describe("skip reasons", () => {
  it("round-trips a duplicate's original and reads 1-based like the items table", () => {
    expect(parseDuplicateOf(duplicateOf(11))).toBe(11);
    expect(parseDuplicateOf("too_short")).toBeNull();
    expect(parseDuplicateOf(null)).toBeNull();
    expect(describeSkipReason("duplicate_of:11")).toBe("Duplicate of row 12");
    expect(describeSkipReason("too_short")).toBe("Too short");
    expect(describeSkipReason("cached")).toBe("Cached answer");
    expect(describeSkipReason("budget")).toBe("Not sent: budget cap");
    expect(describeSkipReason("discarded in review")).toBe("Discarded in review");
    expect(describeSkipReason(null)).toBeNull();
  });
});

describe("run settings", () => {
  it("defaults the pre-filter to a 1-character minimum with the cache on, and bounds the minimum", () => {
    const base = { datasetId: "d", kind: "full", prompt: { template: "{{a}}" } };
    expect(createRunSchema.parse(base)).toMatchObject({ minInputChars: 1, useCache: true });
    expect(createRunSchema.parse({ ...base, minInputChars: 0, useCache: false })).toMatchObject({ minInputChars: 0, useCache: false });
    expect(createRunSchema.safeParse({ ...base, minInputChars: -1 }).success).toBe(false);
    expect(createRunSchema.safeParse({ ...base, minInputChars: 2.5 }).success).toBe(false);
    expect(createRunSchema.safeParse({ ...base, useCache: "yes" }).success).toBe(false);
  });
});

describe("the ETA with pre-filtered items", () => {
  const counts = (c: Partial<ItemCounts>): ItemCounts => ({
    pending: 0, processing: 0, completed: 0, failed: 0, needs_review: 0, skipped: 0, ...c,
  });
  // One batch: 10 items answered in 10 s.
  const batches = [{ size: 10, startedAt: new Date(0), finishedAt: new Date(10_000) }];
  const settings = { batchSize: 10, delayMs: 0 };

  it("paces on answered items only: skipped ones took no time", () => {
    // 1 s per item; 20 pending → 20 s, however many were skipped up front.
    expect(estimateSecondsRemaining(counts({ completed: 10, pending: 20, skipped: 500 }), batches, settings)).toBe(20);
    expect(estimateSecondsRemaining(counts({ completed: 10, pending: 20 }), batches, settings)).toBe(20);
  });

  it("has no pace before the first batch", () => {
    expect(estimateSecondsRemaining(counts({ pending: 20, skipped: 500 }), [], settings)).toBeNull();
  });
});
