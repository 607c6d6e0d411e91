import { describe, expect, it } from "vitest";
import { createColumnProfiler, inferValueType, SAMPLE_MAX_CHARS } from "@/lib/server/datasets/column-stats";

function profile(columns: string[], rows: string[][], distinctLimit?: number) {
  const profiler = createColumnProfiler(columns, distinctLimit);
  for (const row of rows) profiler.addRow(row);
  return profiler.result();
}

/** One column's profile from its values. */
function column(values: string[]) {
  const [result] = profile(["c"], values.map((value) => [value]));
  if (!result) throw new Error("no profile for the column");
  return result;
}

describe("inferValueType", () => {
  it.each([
    ["true", "boolean"],
    ["No", "boolean"],
    ["YES", "boolean"],
    ["0", "integer"],
    ["-42", "integer"],
    ["+7", "integer"],
    ["007", "text"],
    ["3.5", "number"],
    ["-.5", "number"],
    ["1e6", "number"],
    ["2.", "number"],
    ["1,000", "text"],
    ["2024-01-31", "date"],
    ["2024-01-31T09:30:00Z", "date"],
    ["2024-01-31 09:30", "date"],
    ["2024-02-30", "text"],
    ["2024-13-01", "text"],
    ["2024/1/31", "date"],
    ["31/01/2024", "date"],
    ["01/31/2024", "date"],
    ["31/31/2024", "text"],
    ["ada@example.com", "email"],
    ["ada@localhost", "text"],
    ["https://example.com/a?b=c", "url"],
    ["www.example.com", "url"],
    ["http://a b", "text"],
    ["hello", "text"],
    ["  42  ", "integer"],
    ["   ", "empty"],
  ])("%j is %s", (value, type) => {
    expect(inferValueType(value)).toBe(type);
  });
});

describe("createColumnProfiler", () => {
  it("types a column only when every non-empty value fits", () => {
    expect(column(["1", "2", "", "3"]).type).toBe("integer");
    expect(column(["1", "2.5"]).type).toBe("number");
    expect(column(["1", "n/a"]).type).toBe("text");
    expect(column(["true", "no", " "]).type).toBe("boolean");
    expect(column(["2024-01-01", "01/02/2024"]).type).toBe("date");
    expect(column(["a@b.co", "https://x.y"]).type).toBe("text");
    expect(column(["", " "]).type).toBe("empty");
  });

  it("counts empty cells, including missing and whitespace-only ones", () => {
    const [a, b] = profile(["a", "b"], [["1", ""], ["", "x"], ["  "], ["2", "\t"]]);
    expect(a?.empty).toBe(2);
    expect(b?.empty).toBe(3);
  });

  it("counts distinct non-empty values exactly, long ones too", () => {
    const long = "x".repeat(500);
    const result = column(["a", "b", "a", "", long, `${long}y`, long, "A"]);
    expect(result).toMatchObject({ distinct: 5, distinctExact: true });
  });

  it("stops counting distinct values past the limit and says so", () => {
    const values = Array.from({ length: 10 }, (_, i) => String(i));
    expect(column(values)).toMatchObject({ distinct: 10, distinctExact: true });
    expect(profile(["c"], values.map((v) => [v]), 10)[0]).toMatchObject({ distinct: 10, distinctExact: true });
    expect(profile(["c"], [...values, "0", "new"].map((v) => [v]), 10)[0]).toMatchObject({ distinct: 10, distinctExact: false });
  });

  it("keeps the first non-empty value as the sample, cut to a readable length", () => {
    expect(column(["", "  ", "first", "second"]).sample).toBe("first");
    expect(column(["", ""]).sample).toBeNull();
    const sample = column(["y".repeat(SAMPLE_MAX_CHARS + 50)]).sample ?? "";
    expect(sample).toHaveLength(SAMPLE_MAX_CHARS);
    expect(sample.endsWith("…")).toBe(true);
  });

  it("reports the longest value's length", () => {
    expect(column(["ab", "line one\nline two", ""]).maxLength).toBe(17);
  });

  it("names every column, in order, and ignores cells past the header", () => {
    const result = profile(["id", "note"], [["1", "a", "extra"]]);
    expect(result.map((c) => c.name)).toEqual(["id", "note"]);
  });

  it("profiles 100k rows exactly: a distinct count per column, types from every value", () => {
    const profiler = createColumnProfiler(["id", "email", "score", "note"]);
    for (let i = 0; i < 100_000; i++) {
      profiler.addRow([String(i), `user${i}@example.com`, (i / 7).toFixed(2), `note number ${i % 5000} with some words`]);
    }
    const result = profiler.result();
    expect(result.map((c) => c.type)).toEqual(["integer", "email", "number", "text"]);
    expect(result[0]).toMatchObject({ distinct: 100_000, distinctExact: true });
    expect(result[3]?.distinct).toBe(5000);
  });
});
