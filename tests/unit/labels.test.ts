import { describe, expect, it } from "vitest";
import { labelInstruction, labelsFromInstruction, matchLabel } from "@/lib/shared/labels";

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
