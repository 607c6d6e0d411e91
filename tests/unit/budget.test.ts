// The budget check: an item may be sent while its reservation (prompt plus the run's output estimate)
// fits what is left; when only a batch's first items fit, it says how many.
import { describe, expect, it } from "vitest";
import type { Run } from "@/lib/server/generated/sqlite/client";
import { checkBudget, reservedNanos } from "@/lib/server/runs/budget";
import { DEFAULT_OUTPUT_TOKENS } from "@/lib/server/runs/output-estimate";

const run = (over: Partial<Run>): Run =>
  ({ model: "gpt-4o-mini", systemPrompt: null, outputSchema: null, labels: null, outputTokensEstimate: 100, price: null, priceUnknown: false, budgetNanos: null, costNanos: 0n, ...over }) as Run;
const items = Array.from({ length: 10 }, () => ({ input: "x".repeat(40) }));

describe("checkBudget", () => {
  it("lets a whole batch through when every reservation fits, and any batch without a budget", () => {
    const perItem = reservedNanos(run({}), items[0]?.input ?? "");
    expect(checkBudget(run({ budgetNanos: BigInt(perItem * 10) }), items)).toEqual({ ok: true });
    expect(checkBudget(run({}), items)).toEqual({ ok: true });
  });

  it("says how many of the batch's first items fit what is left", () => {
    const perItem = reservedNanos(run({}), items[0]?.input ?? "");
    const check = checkBudget(run({ budgetNanos: BigInt(perItem * 10), costNanos: BigInt(Math.ceil(perItem * 6.5)) }), items);
    expect(check).toMatchObject({ ok: false, fitting: 3, nextBatchNanos: Math.ceil((perItem * 10) / 1_000) * 1_000 });
  });

  it("reserves the run's estimate of output tokens, or the documented default for runs made before it", () => {
    const estimated = reservedNanos(run({ outputTokensEstimate: 20 }), "hello");
    const fallback = reservedNanos(run({ outputTokensEstimate: null }), "hello");
    // gpt-4o-mini: $0.60 per million output tokens, 600 nano-dollars a token.
    expect(fallback - estimated).toBe((DEFAULT_OUTPUT_TOKENS - 20) * 600);
  });

  it("counts the labels' line in the system message and the schema as prompt", () => {
    const plain = reservedNanos(run({}), "hello");
    expect(reservedNanos(run({ labels: JSON.stringify(["Hot lead", "Cold lead"]) }), "hello")).toBeGreaterThan(plain);
    expect(reservedNanos(run({ outputSchema: JSON.stringify({ type: "object", properties: { a: { type: "string" } } }) }), "hello")).toBeGreaterThan(plain);
  });
});
