// Every number a run request carries has a range, enforced once by the schema the API and the form share.
import { describe, expect, it } from "vitest";
import { createRunSchema, RUN_DEFAULTS } from "@/lib/shared/run-settings";
import {
  defaultRunFormValues,
  draftToFormValues,
  runFormSchema,
  runToFormValues,
  toCreateRunInput,
  type RunFormInput,
} from "@/components/runs/run-form-values";
import type { RunSettings } from "@/lib/shared/api-types";

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

describe("the run form uses the same contract", () => {
  const valid = { ...defaultRunFormValues(), prompt: { template: "x {{a}}", system: "" } };
  const formProblem = (overrides: Partial<RunFormInput>) => {
    const parsed = runFormSchema.safeParse({ ...valid, ...overrides });
    return parsed.success ? null : parsed.error.issues[0] ?? null;
  };

  it("starts from the API's defaults: a sample of 50, not a number of its own", () => {
    expect(defaultRunFormValues()).toMatchObject({ sampleSize: RUN_DEFAULTS.sampleSize, batchSize: RUN_DEFAULTS.batchSize, errorThreshold: RUN_DEFAULTS.errorThreshold });
    expect(RUN_DEFAULTS.sampleSize).toBe(50);
  });

  it.each([1e13, 1e-10, 1_000_001])("budget %d is an error in the form with the API's own message", (budgetUsd) => {
    const issue = formProblem({ budgetUsd });
    const api = createRunSchema.safeParse({ ...base, budgetUsd }).error?.issues[0];
    expect(issue?.path).toEqual(["budgetUsd"]);
    expect(issue?.message).toBe(api?.message);
  });

  it("a budget in range goes into the request, and empty fields take the API's defaults", () => {
    const output = runFormSchema.parse({ ...valid, budgetUsd: 250.5, batchSize: undefined });
    const input = toCreateRunInput(output, "d1");
    expect(input).toMatchObject({ datasetId: "d1", kind: "sample", budgetUsd: 250.5, batchSize: RUN_DEFAULTS.batchSize, sampleSize: 50 });
    expect(input.labels).toBeUndefined();
    expect(input.outputSchema).toBeUndefined();
  });

  it("checks the chosen output shape only: labels like the API, a JSON schema with the server's rules", () => {
    expect(formProblem({ outputShape: "labels", labels: ["Yes", "yes"] })).toMatchObject({ path: ["labels"], message: expect.stringMatching(/same label/) });
    expect(formProblem({ outputShape: "labels", labels: [] })).toMatchObject({ path: ["labels"] });
    expect(formProblem({ outputShape: "text", labels: [] })).toBeNull();
    expect(formProblem({ outputShape: "json", outputSchemaText: '{"type": "object", "properties": {"a": {"type": "string"}}}' })).toMatchObject({
      path: ["outputSchemaText"],
      message: expect.stringMatching(/needs "additionalProperties": false/),
    });
    expect(formProblem({ outputShape: "json", outputSchemaText: "{ not json" })).toMatchObject({ message: expect.stringMatching(/not valid JSON/) });
    expect(formProblem({ outputShape: "json" })).toBeNull();
  });

  it("sends only the chosen shape's part", () => {
    const labelled = toCreateRunInput(runFormSchema.parse({ ...valid, outputShape: "labels", labels: [" Yes ", "No"] }), "d1");
    expect(labelled).toMatchObject({ labels: ["Yes", "No"], outputSchema: undefined });
    const structured = toCreateRunInput(runFormSchema.parse({ ...valid, outputShape: "json", labels: ["Yes"] }), "d1");
    expect(structured.labels).toBeUndefined();
    expect(structured.outputSchema).toMatchObject({ type: "object", required: ["category", "confidence"] });
  });

  it("a draft keeps the fields it holds with the right type and drops the rest", () => {
    const values = draftToFormValues({ prompt: { template: "Hi {{a}}" }, batchSize: "lots", labels: ["A", "B"], outputShape: "labels", unknown: 1 });
    expect(values).toMatchObject({ prompt: { template: "Hi {{a}}", system: "" }, batchSize: RUN_DEFAULTS.batchSize, labels: ["A", "B"], outputShape: "labels" });
    expect(draftToFormValues("not an object")).toEqual(defaultRunFormValues());
  });

  it("a run's settings fill the form back to the same request (Edit and run again)", () => {
    const output = runFormSchema.parse({ ...valid, prompt: { template: "x {{a}}", system: "Be brief." }, outputShape: "labels", labels: ["Yes", "No"], budgetUsd: 0.5, maxTokens: 20 });
    const sent = toCreateRunInput(output, "d1");
    const settings = { ...sent, prompt: { template: sent.prompt.template, system: sent.prompt.system ?? null }, labels: sent.labels ?? null, outputSchema: null, budgetUsd: 0.5, maxTokens: 20, sampleSize: 50 } as unknown as RunSettings;
    const again = toCreateRunInput(runFormSchema.parse(runToFormValues(settings)), "d1");
    expect(again).toEqual(sent);
  });
});
