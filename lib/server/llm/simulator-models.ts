// How each simulated model behaves: the one table that says which model is the "truth", how often a
// cheaper one disagrees with it, and how fast and wordy it is. Prices stay in pricing.ts: a simulated
// model costs what the model it stands for costs.
import "server-only";

export interface SimulatedModelProfile {
  /** Share of rows (0–1) on which this model's answer differs from the reference tier's, chosen per row. */
  disagreement: number;
  /** Multiplies SIMULATOR_LATENCY_MS: larger models answer more slowly. */
  latencyFactor: number;
  /** Sentences in a free-text answer: larger models say a little more (and bill more output tokens). */
  sentences: number;
  /** Words taken from the input per sentence. */
  wordsPerSentence: number;
}

const REFERENCE: SimulatedModelProfile = { disagreement: 0, latencyFactor: 1.6, sentences: 2, wordsPerSentence: 12 };
const MINI: SimulatedModelProfile = { disagreement: 0.1, latencyFactor: 1, sentences: 1, wordsPerSentence: 12 };
const NANO: SimulatedModelProfile = { disagreement: 0.25, latencyFactor: 0.7, sentences: 1, wordsPerSentence: 7 };

/**
 * The tiers, as documented in the README ("Simulated models"): gpt-5, gpt-4.1 and gpt-4o are the
 * reference and agree with each other on every row; the mini models disagree with them on about
 * 10 % of rows, o4-mini on 5 % (slower: it reasons), the nano models and gpt-3.5-turbo on 25 %.
 */
const PROFILES: Readonly<Record<string, SimulatedModelProfile>> = {
  "gpt-5": REFERENCE,
  "gpt-4.1": REFERENCE,
  "gpt-4o": REFERENCE,
  "o4-mini": { ...MINI, disagreement: 0.05, latencyFactor: 2.2 },
  "gpt-5-mini": MINI,
  "gpt-4.1-mini": MINI,
  "gpt-4o-mini": MINI,
  "gpt-5-nano": NANO,
  "gpt-4.1-nano": NANO,
  "gpt-3.5-turbo": NANO,
};

/** A model the table does not name (a price added later) behaves like a mini model. */
const UNKNOWN_MODEL_PROFILE = MINI;
const SNAPSHOT_SUFFIX = /-\d{4}-\d{2}-\d{2}$/;

/** A dated snapshot ("gpt-4o-mini-2024-07-18") is the model it dates. */
export function simulatedModelId(model: string): string {
  return model.trim().replace(SNAPSHOT_SUFFIX, "");
}

export function simulatedModelProfile(model: string): SimulatedModelProfile {
  return PROFILES[simulatedModelId(model)] ?? UNKNOWN_MODEL_PROFILE;
}
