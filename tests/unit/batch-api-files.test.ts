// Batch API input files: cut within both limits, custom_ids that name item and attempt, and the
// poll waits that grow.
import { describe, expect, it } from "vitest";
import { cutIntoFiles, requestLine } from "@/lib/server/runs/batch-api/jsonl-requests";
import { customIdFor, parseCustomId } from "@/lib/server/runs/batch-api/claims";
import { pollWaitMs } from "@/lib/server/runs/batch-api/poll-interval";

describe("cutIntoFiles", () => {
  it("starts a new file when the next request would pass the request limit", () => {
    expect(cutIntoFiles(Array(45).fill(100), { maxRequests: 20, maxBytes: 1e9 })).toEqual([20, 20, 5]);
  });

  it("starts a new file when the next line would pass the byte limit", () => {
    expect(cutIntoFiles([400, 400, 300, 900, 100], { maxRequests: 50_000, maxBytes: 1_000 })).toEqual([2, 1, 2]);
  });

  it("gives a line larger than the byte limit a file of its own, so the provider's refusal names it", () => {
    expect(cutIntoFiles([10, 5_000, 10], { maxRequests: 10, maxBytes: 1_000 })).toEqual([1, 1, 1]);
  });

  it("makes no file for no requests", () => {
    expect(cutIntoFiles([], { maxRequests: 10, maxBytes: 1_000 })).toEqual([]);
  });
});

describe("custom_id", () => {
  it("carries the item and the attempt, and reads back", () => {
    const id = customIdFor("cm3abc", 2);
    expect(parseCustomId(id)).toEqual({ itemId: "cm3abc", attempt: 2 });
  });

  it("is null for a custom_id Batchwise did not write", () => {
    expect(parseCustomId("request-1")).toBeNull();
    expect(parseCustomId("cm3abc~0")).toBeNull();
    expect(parseCustomId("~1")).toBeNull();
  });
});

describe("requestLine", () => {
  it("is the chat request a synchronous call would send, addressed to the chat completions endpoint", () => {
    const line = JSON.parse(requestLine("item~1", { model: "gpt-4o-mini", system: "Be brief.", prompt: "Classify: hi" })) as unknown;
    expect(line).toEqual({
      custom_id: "item~1",
      method: "POST",
      url: "/v1/chat/completions",
      body: { model: "gpt-4o-mini", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Classify: hi" }] },
    });
  });

  it("refuses a model without a price before anything is written", () => {
    expect(() => requestLine("item~1", { model: "no-such-model", prompt: "x" })).toThrow(/No price is known/);
  });
});

describe("pollWaitMs", () => {
  it("grows by half each poll up to the cap", () => {
    expect([1, 2, 3, 4, 20].map((poll) => pollWaitMs(poll, 10_000, 60_000))).toEqual([10_000, 15_000, 22_500, 33_750, 60_000]);
  });
});
