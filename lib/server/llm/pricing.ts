// What a model call costs. Prices are list prices in USD per 1M tokens; costs are integer micro-dollars.
import "server-only";

export interface ModelPrice {
  /** USD per 1M uncached prompt tokens. */
  input: number;
  /** USD per 1M prompt tokens served from OpenAI's prompt cache. */
  cachedInput: number;
  /** USD per 1M completion tokens (reasoning tokens are billed as output). */
  output: number;
}

export interface ModelInfo extends ModelPrice {
  id: string;
}

export interface TokenUsage {
  /** All prompt tokens, cached ones included (as OpenAI reports `prompt_tokens`). */
  promptTokens: number;
  cachedPromptTokens?: number;
  completionTokens: number;
}

/** The Batch API bills half the synchronous price, on input and output alike. */
export const BATCH_API_DISCOUNT = 0.5;

/** Rule of thumb for English text with OpenAI's tokenizers; good enough for projections, never for billing. */
export const CHARS_PER_TOKEN = 4;

export const MICROS_PER_USD = 1_000_000;

// Standard-tier list prices from https://openai.com/api/pricing/ as published in August 2025.
// Check them again before trusting a projection: OpenAI changes prices without notice.
const PRICES: Readonly<Record<string, ModelPrice>> = {
  "gpt-5": { input: 1.25, cachedInput: 0.125, output: 10 },
  "gpt-5-mini": { input: 0.25, cachedInput: 0.025, output: 2 },
  "gpt-5-nano": { input: 0.05, cachedInput: 0.005, output: 0.4 },
  "gpt-4.1": { input: 2, cachedInput: 0.5, output: 8 },
  "gpt-4.1-mini": { input: 0.4, cachedInput: 0.1, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, cachedInput: 0.025, output: 0.4 },
  "gpt-4o": { input: 2.5, cachedInput: 1.25, output: 10 },
  "gpt-4o-mini": { input: 0.15, cachedInput: 0.075, output: 0.6 },
  "o4-mini": { input: 1.1, cachedInput: 0.275, output: 4.4 },
};

// Prices have at most three decimals, so nano-dollars per token (= USD per 1M tokens × 1000) are
// exact integers and the sum below stays exact; float micro-dollars would round 150 up to 151.
const NANOS_PER_MICRO = 1000;
const PERCENT = 100;
// Real endpoints answer with dated snapshots ("gpt-4o-mini-2024-07-18"); they cost what the alias costs.
const SNAPSHOT_SUFFIX = /-\d{4}-\d{2}-\d{2}$/;

export class UnknownModelError extends Error {
  constructor(readonly model: string) {
    super(`No price is known for model "${model}". Known models: ${Object.keys(PRICES).join(", ")}.`);
    this.name = "UnknownModelError";
  }
}

function resolveModelId(model: string): string | undefined {
  const trimmed = model.trim();
  if (trimmed in PRICES) return trimmed;
  const alias = trimmed.replace(SNAPSHOT_SUFFIX, "");
  return alias in PRICES ? alias : undefined;
}

export function hasPrice(model: string): boolean {
  return resolveModelId(model) !== undefined;
}

/** The price of a model; throws UnknownModelError so nothing is ever billed at a made-up price. */
export function priceFor(model: string): ModelPrice {
  const id = resolveModelId(model);
  const price = id === undefined ? undefined : PRICES[id];
  if (!price) throw new UnknownModelError(model);
  return price;
}

/** Models with their prices, cheapest input first, for pickers and projections. */
export function listModels(): ModelInfo[] {
  return Object.entries(PRICES)
    .map(([id, price]) => ({ id, ...price }))
    .sort((a, b) => a.input - b.input || a.id.localeCompare(b.id));
}

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

function nanosPerToken(usdPerMillion: number): number {
  return Math.round(usdPerMillion * NANOS_PER_MICRO);
}

/** Cost of one call in integer micro-dollars, rounded up so a run is never under-billed. */
export function costMicros(model: string, usage: TokenUsage, opts: { batchApi?: boolean } = {}): number {
  const cached = usage.cachedPromptTokens ?? 0;
  checkCount("promptTokens", usage.promptTokens);
  checkCount("cachedPromptTokens", cached);
  checkCount("completionTokens", usage.completionTokens);
  if (cached > usage.promptTokens) {
    throw new RangeError(`cachedPromptTokens (${cached}) cannot exceed promptTokens (${usage.promptTokens})`);
  }
  const price = priceFor(model);
  const nanos =
    (usage.promptTokens - cached) * nanosPerToken(price.input) +
    cached * nanosPerToken(price.cachedInput) +
    usage.completionTokens * nanosPerToken(price.output);
  const payablePercent = opts.batchApi ? Math.round((1 - BATCH_API_DISCOUNT) * PERCENT) : PERCENT;
  const divisor = NANOS_PER_MICRO * PERCENT;
  return Math.ceil((nanos * payablePercent) / divisor);
}

/** Rough token count of a text, for cost and time projections before anything is sent. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export function microsToUsd(micros: number): number {
  return micros / MICROS_PER_USD;
}
