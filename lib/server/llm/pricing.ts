// What a model call costs. Prices are USD per 1M tokens; costs are integer nano-dollars, exact to the
// list price (rounded once per call, by at most half a nano-dollar), so a run's cost is its tokens x price.
import "server-only";

export interface ModelPrice {
  /** USD per 1M uncached prompt tokens. */
  input: number;
  /** USD per 1M prompt tokens served from the provider's prompt cache. */
  cachedInput: number;
  /** USD per 1M completion tokens (reasoning tokens are billed as output). */
  output: number;
  /** Share taken off on the Batch API (0.5: half price); BATCH_API_DISCOUNT when unset. */
  batchDiscount?: number;
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

export const NANOS_PER_USD = 1_000_000_000;
/** USD per 1M tokens x 1000 = nano-dollars per token. */
const NANOS_PER_TOKEN_PER_USD_PER_MILLION = 1000;

// Standard-tier list prices from https://openai.com/api/pricing/ as published in August 2025.
// Check them again before trusting a projection: OpenAI changes prices without notice.
// A provider's own price table (lib/server/providers/prices.ts) takes precedence over these.
const LIST_PRICES: Readonly<Record<string, ModelPrice>> = {
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

// Real endpoints answer with dated snapshots ("gpt-4o-mini-2024-07-18"); they cost what the alias costs.
const SNAPSHOT_SUFFIX = /-\d{4}-\d{2}-\d{2}$/;

export class UnknownModelError extends Error {
  constructor(readonly model: string) {
    super(`No price is known for model "${model}". Known models: ${Object.keys(LIST_PRICES).join(", ")}.`);
    this.name = "UnknownModelError";
  }
}

function resolveModelId(model: string): string | undefined {
  const trimmed = model.trim();
  if (trimmed in LIST_PRICES) return trimmed;
  const alias = trimmed.replace(SNAPSHOT_SUFFIX, "");
  return alias in LIST_PRICES ? alias : undefined;
}

export function hasPrice(model: string): boolean {
  return resolveModelId(model) !== undefined;
}

/** The built-in list price of a model, or undefined when the list does not know it. */
export function listPriceFor(model: string): ModelPrice | undefined {
  const id = resolveModelId(model);
  return id === undefined ? undefined : LIST_PRICES[id];
}

/** The list price of a model; throws UnknownModelError where a made-up price must not be used. */
export function priceFor(model: string): ModelPrice {
  const price = listPriceFor(model);
  if (!price) throw new UnknownModelError(model);
  return price;
}

/** Models with their list prices, cheapest input first, for pickers and projections. */
export function listModels(): ModelInfo[] {
  return Object.entries(LIST_PRICES)
    .map(([id, price]) => ({ id, ...price }))
    .sort((a, b) => a.input - b.input || a.id.localeCompare(b.id));
}

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

/** The share of the price paid: 1 synchronously, 1 - the discount on the Batch API. */
export function payableShare(price: ModelPrice, opts: { batch?: boolean } = {}): number {
  return opts.batch ? 1 - (price.batchDiscount ?? BATCH_API_DISCOUNT) : 1;
}

/**
 * Cost of one call in integer nano-dollars: tokens x price, less the batch discount, rounded once.
 * A null price (the model has none yet: "price unknown") costs 0. Pure: the price is the caller's.
 */
export function costNanos(usage: TokenUsage, price: ModelPrice | null, opts: { batch?: boolean } = {}): number {
  const cached = usage.cachedPromptTokens ?? 0;
  checkCount("promptTokens", usage.promptTokens);
  checkCount("cachedPromptTokens", cached);
  checkCount("completionTokens", usage.completionTokens);
  if (cached > usage.promptTokens) {
    throw new RangeError(`cachedPromptTokens (${cached}) cannot exceed promptTokens (${usage.promptTokens})`);
  }
  if (!price) return 0;
  const usdPerMillion = (usage.promptTokens - cached) * price.input + cached * price.cachedInput + usage.completionTokens * price.output;
  return Math.round(usdPerMillion * NANOS_PER_TOKEN_PER_USD_PER_MILLION * payableShare(price, opts));
}

/** Rough token count of a text, for cost and time projections before anything is sent. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export function nanosToUsd(nanos: number | bigint): number {
  return Number(nanos) / NANOS_PER_USD;
}

export function usdToNanos(usd: number): number {
  return Math.round(usd * NANOS_PER_USD);
}
