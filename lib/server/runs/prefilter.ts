// The pre-filter (the step after queueing): before any call, decide for each rendered row whether it is
// sent, or skipped as too short, answered from the response cache, or a duplicate of an earlier
// row. Pure: the database part (reading rows, looking keys up) is lib/server/runs/plan-items.ts.
//
// Status rule: every row the pre-filter removes is written with status "skipped" and its
// skipReason ("too_short" | "cached" | "duplicate_of:<rowIndex>"), never "completed", so counts,
// reports and the breaker see exactly what was sent. Cached and duplicate items still carry an
// output (cached ones at creation, duplicates once their original completes) with tokens and cost 0.
import "server-only";
import { createHash } from "node:crypto";
import { duplicateOf, type PrefilterRule } from "@/lib/shared/skip-reasons";

/** Bump when the key's recipe changes, so old keys stop matching instead of matching wrongly. */
const CACHE_KEY_VERSION = 1;

/** Everything besides the input that shapes a model request (lib/server/llm/client.ts requestBody). */
export interface RequestSettings {
  model: string;
  system: string | null;
  /** The output schema as stored on the run (JSON text), or null. */
  outputSchema: string | null;
  /** The run's provider: an added provider's "llama3" is not the same model as another's. */
  providerId?: string | null;
  /** The labels as stored on the run (JSON text), or null: they change the system message sent. */
  labels?: string | null;
}

/** The environment's endpoint and the simulator key as they did before providers, so earlier answers still match. */
const UNKEYED_PROVIDERS = new Set([null, undefined, "default", "simulator"]);

/**
 * The response-cache key: SHA-256 of the request's model, system prompt, output schema, labels and input.
 * The template is not part of it: two templates that render the same text send the same request.
 */
export function responseCacheKey(settings: RequestSettings, input: string): string {
  // An empty system prompt is not sent (requestBody), so it keys like none at all.
  const model = UNKEYED_PROVIDERS.has(settings.providerId) ? settings.model : `${settings.providerId}/${settings.model}`;
  const parts: unknown[] = [CACHE_KEY_VERSION, model, settings.system || null, settings.outputSchema, input];
  // Appended only when set, so keys of runs without labels stay what they were.
  if (settings.labels) parts.push({ labels: settings.labels });
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

/**
 * Characters a row contributes to its prompt: its values for the template's columns, trimmed,
 * counted in code points. The template's own words do not count, or no row would ever be empty.
 */
export function filledChars(columns: readonly string[], values: Readonly<Record<string, string>>): number {
  let total = 0;
  for (const column of columns) {
    const value = values[column]?.trim() ?? "";
    for (const _ of value) total++;
  }
  return total;
}

export interface RenderedRow {
  rowIndex: number;
  input: string;
  /** filledChars() of the row. */
  filledChars: number;
  cacheKey: string;
}

export type Verdict =
  | { send: true }
  | { send: false; rule: "too_short"; skipReason: string }
  | { send: false; rule: "cached"; skipReason: string; output: string }
  | { send: false; rule: "duplicate"; skipReason: string; originalRowIndex: number };

export interface PrefilterOptions {
  minInputChars: number;
  useCache: boolean;
}

/** Earlier answers by cache key (already narrowed to the keys asked about). */
export type CachedAnswers = ReadonlyMap<string, string>;

/**
 * A classifier for one run's rows, fed in dataset order (it remembers first occurrences, so rows
 * may come in chunks). Rules apply in order: too short, then cached (every copy of a cached input
 * gets the answer at once), then duplicate (the first occurrence is sent, the others wait for it).
 */
export function createPrefilter(options: PrefilterOptions) {
  const firstSent = new Map<string, number>();
  return function classify(row: RenderedRow, cached: CachedAnswers): Verdict {
    if (row.filledChars < options.minInputChars) {
      return { send: false, rule: "too_short", skipReason: "too_short" };
    }
    if (options.useCache) {
      const output = cached.get(row.cacheKey);
      if (output !== undefined) return { send: false, rule: "cached", skipReason: "cached", output };
    }
    const original = firstSent.get(row.cacheKey);
    if (original !== undefined) {
      return { send: false, rule: "duplicate", skipReason: duplicateOf(original), originalRowIndex: original };
    }
    firstSent.set(row.cacheKey, row.rowIndex);
    return { send: true };
  };
}

export type Classify = ReturnType<typeof createPrefilter>;
export type { PrefilterRule };
