// Providers, their models and prices: fetches and TanStack Query hooks for the settings page and the run form.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { request } from "@/lib/client/api-client";
import type { ProviderModelPriceView, ProviderModelsResponse, ProviderView } from "@/lib/shared/api-types";
import type { CreateProviderInput, ModelPriceInput, UpdateProviderInput } from "@/lib/shared/provider-settings";

export const providerKeys = {
  all: ["providers"] as const,
  models: (id: string) => ["providers", id, "models"] as const,
};

function sendJson<T>(method: "POST" | "PATCH" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T> {
  return request<T>(path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const providerPath = (id: string) => `/api/providers/${encodeURIComponent(id)}`;

export const fetchProviders = () => request<{ items: ProviderView[] }>("/api/providers").then((page) => page.items);
export const fetchProviderModels = (id: string) => request<ProviderModelsResponse>(`${providerPath(id)}/models`);

/** Models list from the endpoint: asked again only when the page is opened anew, not on every focus. */
const MODELS_STALE_MS = 60_000;

export function useProviders() {
  return useQuery({ queryKey: providerKeys.all, queryFn: fetchProviders });
}

export function useProviderModels(id: string | null) {
  return useQuery({
    queryKey: providerKeys.models(id ?? "none"),
    queryFn: () => fetchProviderModels(id ?? ""),
    enabled: id !== null,
    staleTime: MODELS_STALE_MS,
  });
}

export function useSaveProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string | null; input: CreateProviderInput | UpdateProviderInput }) =>
      id === null ? sendJson<ProviderView>("POST", "/api/providers", input) : sendJson<ProviderView>("PATCH", providerPath(id), input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: providerKeys.all }),
  });
}

export function useDeleteProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => sendJson<null>("DELETE", providerPath(id)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: providerKeys.all }),
  });
}

export function useSetModelPrice(providerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ model, price }: { model: string; price: ModelPriceInput }) =>
      sendJson<{ model: string; price: ProviderModelPriceView }>("PUT", `${providerPath(providerId)}/models/${encodeURIComponent(model)}/price`, price),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: providerKeys.models(providerId) }),
  });
}
