import { describe, expect, it } from "vitest";
import { labelInstruction, labelListProblem, labelsFromInstruction, matchLabel } from "@/lib/shared/labels";
import { createRunSchema, outputShapeProblem } from "@/lib/shared/run-settings";

describe("labels", () => {
  const labels = ["Hot lead", "Cold lead", "Not a lead"];

  it("matches an answer ignoring case, spacing, quotes and a final full stop, and returns the label as listed", () => {
    expect(matchLabel("  hot   LEAD ", labels)).toBe("Hot lead");
    expect(matchLabel('"Not a lead."', labels)).toBe("Not a lead");
    expect(matchLabel("Hot", labels)).toBeNull();
    expect(matchLabel("Hot lead, probably", labels)).toBeNull();
  });

  it("reads back the labels its instruction lists, from anywhere in a system message", () => {
    const system = `You sort leads.\n${labelInstruction(labels)}\nBe brief.`;
    expect(labelsFromInstruction(system)).toEqual(labels);
    expect(labelsFromInstruction("You sort leads.")).toBeNull();
  });
});

describe("labels in a run request", () => {
  const base = { datasetId: "d1", kind: "sample", prompt: { template: "Classify: {{notes}}" } };
  const problem = (labels: unknown) => {
    const parsed = createRunSchema.safeParse({ ...base, labels });
    return parsed.success ? null : { field: parsed.error.issues[0]?.path.join("."), message: parsed.error.issues[0]?.message };
  };

  it("accepts 1 to 100 labels, trimmed", () => {
    expect(createRunSchema.parse({ ...base, labels: [" Hot lead ", "Cold lead"] }).labels).toEqual(["Hot lead", "Cold lead"]);
    expect(problem(Array.from({ length: 100 }, (_, i) => `label ${i}`))).toBeNull();
  });

  it.each([
    [[], /at least 1 label/],
    [Array.from({ length: 101 }, (_, i) => `label ${i}`), /at most 100 labels/],
    [["Hot", "  "], /label 2 is empty/],
    [["Hot lead", "hot  LEAD"], /"Hot lead" and "hot {2}LEAD" are the same label/],
    [["a | b"], /may not contain a line break or "\|"/],
    ["Hot", /list of strings/],
  ])("refuses %j naming the field labels", (labels, message) => {
    expect(problem(labels)).toMatchObject({ field: "labels", message: expect.stringMatching(message) });
  });

  it("refuses labels together with an output schema, naming labels", () => {
    expect(outputShapeProblem({ labels: ["a"], outputSchema: { type: "object" } })).toMatchObject({ field: "labels" });
    expect(outputShapeProblem({ labels: ["a"], outputSchema: null })).toBeNull();
    expect(labelListProblem(["Yes", "No"])).toBeNull();
  });
});
