// A provider's models: what its /v1/models lists (through the openai SDK, where the endpoint answers),
// merged with the price table, so a model with no price shows as such and can be given one.
import "server-only";
import { createModelClient } from "@/lib/server/llm/client";
import { classifyError } from "@/lib/server/llm/errors";
import { listModels } from "@/lib/server/llm/pricing";
import { pricesOf } from "@/lib/server/providers/prices";
import { findProvider, type ResolvedProvider } from "@/lib/server/providers/resolve";
import type { ProviderModelsResponse } from "@/lib/shared/api-types";

/** A settings page waits this long for an endpoint's model list, not the minute a model call may take. */
export const MODEL_LIST_TIMEOUT_MS = 8_000;
/** Some endpoints (OpenRouter) list hundreds of models: enough for a picker, not a page of thousands. */
export const MODEL_LIST_MAX = 1_000;

async function endpointModels(provider: ResolvedProvider): Promise<{ ids: string[]; error: string | null }> {
  const client = createModelClient(provider.endpoint, { timeoutMs: MODEL_LIST_TIMEOUT_MS });
  try {
    const ids: string[] = [];
    for await (const model of client.models.list()) {
      ids.push(model.id);
      if (ids.length >= MODEL_LIST_MAX) break;
    }
    return { ids, error: null };
  } catch (err) {
    const error = classifyError(err, { baseURL: provider.endpoint.baseURL, apiKey: provider.endpoint.apiKey });
    return { ids: [], error: `The endpoint's model list could not be read: ${error.message}` };
  }
}

export async function listProviderModels(providerId: string): Promise<ProviderModelsResponse> {
  const provider = await findProvider(providerId);
  const listed = await endpointModels(provider);
  const listedIds = new Set(listed.ids);
  // The built-in providers speak OpenAI's model names: its list prices are models they can run.
  const known = provider.kind === "custom" ? [] : listModels().map((m) => m.id);
  const candidates = [...new Set([...listed.ids, ...known])];
  const prices = await pricesOf(providerId, candidates);
  const ids = [...new Set([...candidates, ...prices.keys()])].sort((a, b) => a.localeCompare(b));
  return {
    items: ids.map((id) => {
      const price = prices.get(id);
      return { id, price: price?.price ?? null, priceSource: price?.source ?? null, listed: listedIds.has(id) };
    }),
    listError: listed.error,
  };
}
