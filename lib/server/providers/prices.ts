// The price table: a price entered for a provider's model wins over the built-in list price; a model
// with neither has no price (its runs go at $0, marked "price unknown").
import "server-only";
import { db } from "@/lib/server/db";
import { BATCH_API_DISCOUNT, listPriceFor, type ModelPrice } from "@/lib/server/llm/pricing";
import type { ProviderModelPriceView } from "@/lib/shared/api-types";

export interface ResolvedPrice {
  price: ProviderModelPriceView;
  source: "entered" | "list";
}

function fromList(model: string): ResolvedPrice | null {
  const list = listPriceFor(model);
  return list ? { price: { ...list, batchDiscount: list.batchDiscount ?? BATCH_API_DISCOUNT }, source: "list" } : null;
}

export async function resolvePrice(providerId: string, model: string): Promise<ResolvedPrice | null> {
  const entered = await db.providerModelPrice.findUnique({ where: { providerId_model: { providerId, model } } });
  if (entered) return { price: priceView(entered), source: "entered" };
  return fromList(model);
}

/** Every model of a provider that has a price (entered or listed), by model id. */
export async function pricesOf(providerId: string, models: readonly string[]): Promise<Map<string, ResolvedPrice>> {
  const entered = await db.providerModelPrice.findMany({ where: { providerId } });
  const prices = new Map<string, ResolvedPrice>();
  for (const model of models) {
    const list = fromList(model);
    if (list) prices.set(model, list);
  }
  for (const row of entered) prices.set(row.model, { price: priceView(row), source: "entered" });
  return prices;
}

export async function setPrice(providerId: string, model: string, price: Required<ModelPrice>): Promise<ResolvedPrice> {
  const data = { input: price.input, cachedInput: price.cachedInput, output: price.output, batchDiscount: price.batchDiscount };
  const row = await db.providerModelPrice.upsert({
    where: { providerId_model: { providerId, model } },
    create: { providerId, model, ...data },
    update: data,
  });
  return { price: priceView(row), source: "entered" };
}

function priceView(row: ProviderModelPriceView): ProviderModelPriceView {
  return { input: row.input, cachedInput: row.cachedInput, output: row.output, batchDiscount: row.batchDiscount };
}
