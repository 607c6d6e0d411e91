// Agreement, JSON normalisation, the quality gate's suggestion and the full-run projection.
import { describe, expect, it } from "vitest";
import { agreementWith, answersAgree, normaliseAnswer } from "@/lib/server/comparisons/agreement";
import { suggestVariant, type GateCandidate } from "@/lib/server/comparisons/gate";
import { drawSampleSet } from "@/lib/server/comparisons/sample-set";

const answers = (entries: [number, string][]) => new Map(entries);

describe("agreement", () => {
  it("matches labels ignoring case, spacing, quotes and a final full stop", () => {
    const reference = { kind: "labels" as const, answers: answers([[0, "Positive"], [1, "negative"], [2, "neutral"], [3, "mixed"]]) };
    const variant = { kind: "labels" as const, answers: answers([[0, " positive. "], [1, '"Negative"'], [2, "mixed"]]) };
    // Row 3 the variant did not answer: left out, not counted against it.
    expect(agreementWith(reference, variant)).toEqual({ agreement: 2 / 3, rows: 3, matches: 2 });
  });

  it("compares JSON by its normalised value: key order, string case and spacing do not matter; numbers and structure do", () => {
    expect(normaliseAnswer('{"b": 1, "a": {"y": " Hot  lead", "x": [1, 2]}}', "json")).toBe(normaliseAnswer('{"a":{"x":[1,2],"y":"hot lead"},"b":1.0}', "json"));
    expect(normaliseAnswer('{"a": [1, 2]}', "json")).not.toBe(normaliseAnswer('{"a": [2, 1]}', "json"));
    expect(normaliseAnswer('{"a": 1}', "json")).not.toBe(normaliseAnswer('{"a": "1"}', "json"));
    expect(answersAgree("json", "json", '{"a":true}', '{"a":false}')).toBe(false);
  });

  it("gives free text no score, and does not compare answers of different shapes", () => {
    const text = { kind: "text" as const, answers: answers([[0, "same"]]) };
    expect(agreementWith(text, text).agreement).toBeNull();
    expect(agreementWith({ kind: "labels", answers: answers([[0, "a"]]) }, { kind: "json", answers: answers([[0, "a"]]) }).agreement).toBeNull();
    expect(answersAgree("text", "text", "same", "same")).toBeNull();
    expect(agreementWith({ kind: "labels", answers: answers([]) }, { kind: "labels", answers: answers([[0, "a"]]) }).agreement).toBeNull();
  });
});

const candidate = (index: number, costPerItemUsd: number | null, agreement: number | null, approvalRate: number | null = null): GateCandidate => ({
  index,
  model: `model-${index}`,
  costPerItemUsd,
  agreement,
  approvalRate,
  projectedUsd: costPerItemUsd === null ? null : costPerItemUsd * 1000,
});

describe("quality gate", () => {
  const gate = { metric: "agreement" as const, min: 0.9 };

  it("suggests the cheapest variant that clears the bar, with the saving against the reference", () => {
    const suggestion = suggestVariant([candidate(0, 0.01, 1), candidate(1, 0.002, 0.93), candidate(2, 0.0005, 0.75)], 0, gate);
    expect(suggestion?.variant).toBe(1);
    expect(suggestion?.savingUsd).toBeCloseTo(8);
    expect(suggestion?.reason).toMatch(/model-1 agrees with the reference on 93(\.0)? ?% of rows/);
  });

  it("counts a score exactly at the bar as clearing it", () => {
    expect(suggestVariant([candidate(0, 0.01, 1), candidate(1, 0.002, 0.9)], 0, gate)?.variant).toBe(1);
  });

  it("suggests the reference when only it clears, and nothing when none does", () => {
    const onlyReference = suggestVariant([candidate(0, 0.01, 1), candidate(1, 0.002, 0.8)], 0, gate);
    expect(onlyReference).toMatchObject({ variant: 0, savingUsd: 0 });
    expect(onlyReference?.reason).toMatch(/Only the reference clears/);
    expect(suggestVariant([candidate(0, 0.01, 1, 0.5), candidate(1, 0.002, 1, 0.6)], 0, { metric: "approval", min: 0.95 })).toBeNull();
  });

  it("breaks a tie on cost by the better score, then the reference, then the earlier variant", () => {
    expect(suggestVariant([candidate(0, 0.01, 1), candidate(1, 0.002, 0.92), candidate(2, 0.002, 0.97)], 0, gate)?.variant).toBe(2);
    expect(suggestVariant([candidate(0, 0.002, 1), candidate(1, 0.002, 1)], 1, gate)?.variant).toBe(1);
    expect(suggestVariant([candidate(0, 0.01, 1), candidate(1, 0.002, 0.95), candidate(2, 0.002, 0.95)], 0, gate)?.variant).toBe(1);
  });

  it("on approval, ignores variants nobody judged and variants that spent nothing", () => {
    const approval = { metric: "approval" as const, min: 0.8 };
    expect(suggestVariant([candidate(0, 0.01, 1, 0.9), candidate(1, 0.001, 0.9, null), candidate(2, null, 0.9, 1)], 0, approval)?.variant).toBe(0);
  });
});

describe("sample sets", () => {
  it("draw the same rows for the same seed, other rows for another, or the first N", () => {
    const a = drawSampleSet(10_000, { size: 50, firstRows: false, seed: 1 });
    expect(a).toEqual(drawSampleSet(10_000, { size: 50, firstRows: false, seed: 1 }));
    expect(a).not.toEqual(drawSampleSet(10_000, { size: 50, firstRows: false, seed: 2 }));
    expect(new Set(a).size).toBe(50);
    expect(drawSampleSet(10_000, { size: 3, firstRows: true, seed: 1 })).toEqual([0, 1, 2]);
    expect(drawSampleSet(4, { size: 50, firstRows: false, seed: 1 })).toEqual([0, 1, 2, 3]);
  });
});
