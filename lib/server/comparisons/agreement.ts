// Agreement between two variants' answers: labels and JSON compare by their normalised value; free
// text has no score (it is read side by side).
import "server-only";
import { normaliseLabel } from "@/lib/shared/labels";
import type { OutputKind } from "@/lib/shared/comparison-types";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Strings as labels are compared (case, spacing, quotes and a final full stop ignored); keys in order. */
function normaliseJson(value: Json): Json {
  if (typeof value === "string") return normaliseLabel(value);
  if (Array.isArray(value)) return value.map(normaliseJson);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, normaliseJson(value[key] ?? null)]));
  }
  return value;
}

/** The value an answer is compared by, or null for free text (which is never scored). */
export function normaliseAnswer(output: string, kind: OutputKind): string | null {
  if (kind === "text") return null;
  if (kind === "labels") return normaliseLabel(output);
  try {
    return JSON.stringify(normaliseJson(JSON.parse(output) as Json));
  } catch {
    // Not JSON (a stored answer from before a schema check): compared as plain text.
    return normaliseLabel(output);
  }
}

export interface AgreementTally {
  /** Share of rows both answered on which the answers match; null when none was or the shape is free text. */
  agreement: number | null;
  rows: number;
  matches: number;
}

/**
 * Agreement of a variant with the reference over the rows both answered. Rows either failed on are
 * left out (failures show as such); answers of different shapes (labels against JSON) are not compared.
 */
export function agreementWith(
  reference: { kind: OutputKind; answers: ReadonlyMap<number, string> },
  variant: { kind: OutputKind; answers: ReadonlyMap<number, string> },
): AgreementTally {
  if (reference.kind === "text" || variant.kind !== reference.kind) return { agreement: null, rows: 0, matches: 0 };
  let rows = 0;
  let matches = 0;
  for (const [rowIndex, output] of variant.answers) {
    const expected = reference.answers.get(rowIndex);
    if (expected === undefined) continue;
    rows += 1;
    if (normaliseAnswer(output, variant.kind) === normaliseAnswer(expected, reference.kind)) matches += 1;
  }
  return { agreement: rows === 0 ? null : matches / rows, rows, matches };
}

/** Whether two answers match, for the row view; null when they cannot be compared. */
export function answersAgree(kind: OutputKind, referenceKind: OutputKind, output: string | null, expected: string | null): boolean | null {
  if (output === null || expected === null || kind === "text" || kind !== referenceKind) return null;
  return normaliseAnswer(output, kind) === normaliseAnswer(expected, referenceKind);
}
