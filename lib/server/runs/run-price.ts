// The price a run is billed at: fixed when the run was created, so a price edited later never
// changes what a run already reported. Runs from before price snapshots use the list price.
import "server-only";
import { z } from "zod";
import type { Run } from "@/lib/server/generated/sqlite/client";
import { listPriceFor, type ModelPrice } from "@/lib/server/llm/pricing";

const storedPriceSchema = z.object({
  input: z.number().min(0),
  cachedInput: z.number().min(0),
  output: z.number().min(0),
  batchDiscount: z.number().min(0).max(1).optional(),
});

/** The run's price per 1M tokens, or null when the run goes at $0 because its model has no known price. */
export function runPrice(run: Pick<Run, "model" | "price" | "priceUnknown">): ModelPrice | null {
  if (run.price) return storedPriceSchema.parse(JSON.parse(run.price));
  if (run.priceUnknown) return null;
  return listPriceFor(run.model) ?? null;
}

export function storedPrice(price: ModelPrice | null): { price: string | null; priceUnknown: boolean } {
  return price ? { price: JSON.stringify(storedPriceSchema.parse(price)), priceUnknown: false } : { price: null, priceUnknown: true };
}
