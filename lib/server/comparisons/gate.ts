// The quality gate and the suggestion: the cheapest variant, by measured cost per item on the sample,
// whose agreement or approval reaches the bar; the reference when only it does; none when nobody does.
import "server-only";
import { formatPercent, formatUsd } from "@/lib/shared/format";
import type { ComparisonGate, ComparisonSuggestion } from "@/lib/shared/comparison-types";

export interface GateCandidate {
  index: number;
  model: string;
  costPerItemUsd: number | null;
  agreement: number | null;
  approvalRate: number | null;
  /** The projected full-run cost (midpoint of its range), for the saving; null when unknown. */
  projectedUsd: number | null;
}

const METRIC_WORDS = { agreement: "agrees with the reference on", approval: "has approval of" } as const;

export function gateValue(candidate: GateCandidate, gate: ComparisonGate): number | null {
  return gate.metric === "agreement" ? candidate.agreement : candidate.approvalRate;
}

export function clearsGate(candidate: GateCandidate, gate: ComparisonGate): boolean {
  const value = gateValue(candidate, gate);
  return value !== null && value >= gate.min && candidate.costPerItemUsd !== null;
}

/**
 * Of the variants that clear the gate, the one with the lowest cost per item. A tie goes to the
 * better score, then to the reference, then to the earlier variant, so the answer never depends on order of arrival.
 */
export function suggestVariant(candidates: readonly GateCandidate[], reference: number, gate: ComparisonGate): ComparisonSuggestion | null {
  const passing = candidates.filter((candidate) => clearsGate(candidate, gate));
  const best = [...passing].sort(
    (a, b) =>
      (a.costPerItemUsd ?? Infinity) - (b.costPerItemUsd ?? Infinity) ||
      (gateValue(b, gate) ?? 0) - (gateValue(a, gate) ?? 0) ||
      Number(b.index === reference) - Number(a.index === reference) ||
      a.index - b.index,
  )[0];
  if (!best) return null;
  const ref = candidates.find((candidate) => candidate.index === reference);
  const saving = best.index === reference || ref?.projectedUsd == null || best.projectedUsd === null ? 0 : Math.max(0, ref.projectedUsd - best.projectedUsd);
  const bar = `${gate.metric} ≥ ${formatPercent(gate.min, 0)}`;
  const score = `${best.model} ${METRIC_WORDS[gate.metric]} ${formatPercent(gateValue(best, gate) ?? 0)} of rows (gate: ${bar})`;
  const cost = `${formatUsd(best.costPerItemUsd ?? 0)} per item`;
  let reason: string;
  if (best.index === reference) {
    reason = passing.length === 1 ? `Only the reference clears the gate (${bar}): ${best.model} at ${cost}.` : `The reference ${best.model} is the cheapest that clears the gate (${bar}), at ${cost}.`;
  } else {
    const against = ref ? ` against ${ref.model}` : "";
    reason = `${score}, the cheapest that clears it at ${cost}; a full run saves about ${formatUsd(saving)}${against}.`;
  }
  return { variant: best.index, reason, savingUsd: saving };
}
