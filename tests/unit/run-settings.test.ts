// Every number a run request carries has a range, enforced once by the schema the API and the form share.
import { describe, expect, it } from "vitest";
import { createRunSchema } from "@/lib/shared/run-settings";
import { initialRunFormValues, toCreateRunInput } from "@/components/runs/run-form-values";

const base = { datasetId: "d1", kind: "full", prompt: { template: "Classify: {{notes}}" } };

/** The field the first problem names, or null when the request is valid. */
function problemField(overrides: Record<string, unknown>): string | null {
  const parsed = createRunSchema.safeParse({ ...base, ...overrides });
  return parsed.success ? null : parsed.error.issues[0]?.path.join(".") ?? "?";
}

describe("run settings: numbers in range", () => {
  it.each([9_007_199_255, 1e13, 1e308, 1_000_000.01, 1e-9, 0.0000009, 0, -1])("budgetUsd %d is refused, naming budgetUsd", (budgetUsd) => {
    expect(problemField({ budgetUsd })).toBe("budgetUsd");
  });

  it.each([0.000001, 0.01, 25, 1_000_000])("budgetUsd %d is accepted", (budgetUsd) => {
    expect(problemField({ budgetUsd })).toBeNull();
  });

  it("says what the budget's range is", () => {
    const parsed = createRunSchema.safeParse({ ...base, budgetUsd: 1e13 });
    expect(parsed.error?.issues[0]?.message).toMatch(/budgetUsd must be at most 1,000,000/);
    const tiny = createRunSchema.safeParse({ ...base, budgetUsd: 1e-9 });
    expect(tiny.error?.issues[0]?.message).toMatch(/budgetUsd must be at least 0\.000001/);
  });

  const outOfRange: [string, unknown][] = [
    ["sampleSize", 1_001],
    ["batchSize", 0],
    ["batchSize", 1e308],
    ["concurrency", 101],
    ["delayMs", -1],
    ["delayMs", 3_600_001],
    ["maxRetries", 6],
    ["errorThreshold", 0],
    ["errorThreshold", 1.5],
    ["priority", 101],
    ["minInputChars", 10_001],
  ];
  it.each(outOfRange)("%s %d is refused, naming the field", (field, value) => {
    expect(problemField({ [field]: value })).toBe(field);
  });
});

describe("the run form uses the same budget range", () => {
  it.each(["1e13", "0.0000000001", "1000001"])("budget %s is an error in the form, before any request", (budget) => {
    const result = toCreateRunInput({ ...initialRunFormValues, template: "x {{a}}", budgetUsd: budget }, "d1", undefined);
    expect(result.errors?.budgetUsd).toBeDefined();
  });

  it("a budget in range goes into the request", () => {
    const result = toCreateRunInput({ ...initialRunFormValues, template: "x {{a}}", model: "gpt-4o-mini", budgetUsd: "250.5" }, "d1", undefined);
    expect(result.input?.budgetUsd).toBe(250.5);
  });
});
