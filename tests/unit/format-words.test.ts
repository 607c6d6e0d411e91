// The words the UI counts with: "1 row", never "1 rows"; a pager that says "1 item" when everything fits.
import { describe, expect, it } from "vitest";
import { excerpt, formatPageRange, plural } from "@/lib/shared/format";

describe("plural", () => {
  it("says one thing in the singular and every other count in the plural, with thousands separators", () => {
    expect(plural(1, "row")).toBe("1 row");
    expect(plural(0, "row")).toBe("0 rows");
    expect(plural(2080, "row")).toBe("2,080 rows");
    expect(plural(1, "batch", "batches")).toBe("1 batch");
    expect(plural(3, "batch", "batches")).toBe("3 batches");
  });
});

describe("formatPageRange", () => {
  it("counts without a range when everything fits on one page", () => {
    expect(formatPageRange(0, 20, 1, "item")).toBe("1 item");
    expect(formatPageRange(0, 20, 12, "item")).toBe("12 items");
    expect(formatPageRange(0, 20, 0, "item")).toBe("0 items");
    expect(formatPageRange(0, 20, 20, "row")).toBe("20 rows");
  });

  it("names the range shown and the total when there are more pages", () => {
    expect(formatPageRange(0, 20, 2080, "item")).toBe("1–20 of 2,080 items");
    expect(formatPageRange(2060, 20, 2080, "item")).toBe("2,061–2,080 of 2,080 items");
    expect(formatPageRange(20, 20, 21, "row")).toBe("21–21 of 21 rows");
  });
});

describe("excerpt", () => {
  it("keeps a short text whole on one line and cuts a long one with an ellipsis", () => {
    expect(excerpt("Classify this lead.\n\nTitle: {{title}}")).toBe("Classify this lead. Title: {{title}}");
    const cut = excerpt("word ".repeat(40), 30);
    expect(cut.length).toBeLessThanOrEqual(30);
    expect(cut.endsWith("…")).toBe(true);
  });
});
