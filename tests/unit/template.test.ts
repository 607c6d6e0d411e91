// What a row's prompt becomes: every value as it is in the cell, whatever it holds.
import { describe, expect, it } from "vitest";
import { assertTemplateFits, renderTemplate, templateColumns } from "@/lib/server/prompts/template";

describe("renderTemplate", () => {
  it("leaves an empty gap for a value the row lacks, and fills every other column", () => {
    expect(renderTemplate("{{company}}: {{notes}} ({{country}})", { company: "Acme", notes: "" })).toBe("Acme:  ()");
  });

  it("keeps a long cell whole: nothing is cut", () => {
    const notes = "x".repeat(100_000);
    expect(renderTemplate("Notes: {{notes}}", { notes })).toBe(`Notes: ${notes}`);
  });

  it("inserts special characters literally: replacement patterns, braces, quotes, new lines, emoji", () => {
    const notes = 'Costs $& and $1 — "quoted" {{company}}\n→ 🚀 ñ';
    // A value that looks like a placeholder is not filled in again, and $-patterns are not interpreted.
    expect(renderTemplate("{{notes}} / {{company}}", { notes, company: "Acme" })).toBe(`${notes} / Acme`);
  });

  it("tolerates spaces inside the braces, and fills a column used twice both times", () => {
    expect(renderTemplate("{{ company }} and {{company}}", { company: "Acme" })).toBe("Acme and Acme");
    expect(templateColumns("{{ company }} and {{company}} {{notes}}")).toEqual(["company", "notes"]);
  });

  it("refuses a template naming a column the dataset does not have, naming it and the field", () => {
    expect(() => assertTemplateFits("Classify {{nots}}", ["company", "notes"])).toThrow(/\{\{nots\}\}, but the dataset has no such column/);
    try {
      assertTemplateFits("   ", ["notes"]);
    } catch (error) {
      expect(error).toMatchObject({ details: { field: "prompt.template" } });
    }
    expect.assertions(2);
  });
});
