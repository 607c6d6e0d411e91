// Why an item was not sent to the model: the values stored in RunItem.skipReason, and their words
// in the UI. No server imports: the items table and the pre-filter panel use it too.

/** The pre-filter's rules, in the order they are applied to a row (lib/server/runs/prefilter.ts). */
export const PREFILTER_RULES = ["too_short", "cached", "duplicate"] as const;
export type PrefilterRule = (typeof PREFILTER_RULES)[number];

const DUPLICATE_PREFIX = "duplicate_of:";

/** `duplicate_of:<rowIndex>`: the 0-based dataset row whose answer this item gets. */
export function duplicateOf(rowIndex: number): string {
  return `${DUPLICATE_PREFIX}${rowIndex}`;
}

/** The original's 0-based row index, or null when the reason is not a duplicate. */
export function parseDuplicateOf(skipReason: string | null): number | null {
  if (!skipReason?.startsWith(DUPLICATE_PREFIX)) return null;
  const index = Number(skipReason.slice(DUPLICATE_PREFIX.length));
  return Number.isInteger(index) && index >= 0 ? index : null;
}

/** Rows are shown 1-based, as in the items table's "Row" column. */
export function describeSkipReason(skipReason: string | null): string | null {
  if (skipReason === null) return null;
  const original = parseDuplicateOf(skipReason);
  if (original !== null) return `Duplicate of row ${original + 1}`;
  switch (skipReason) {
    case "too_short":
      return "Too short";
    case "cached":
      return "Cached answer";
    case "budget":
      return "Not sent: budget cap";
    default:
      return skipReason.charAt(0).toUpperCase() + skipReason.slice(1);
  }
}

export const PREFILTER_RULE_LABELS: Record<PrefilterRule, { title: string; description: string }> = {
  duplicate: { title: "Exact duplicates", description: "Sent once; the answer is copied to the others." },
  too_short: { title: "Empty or too short", description: "The row's values are shorter than the minimum." },
  cached: { title: "Already answered", description: "Same model, prompt and input in an earlier run: the answer is reused." },
};
