"use client";

import { describedBy, FormField } from "@/components/runs/form-field";
import { PriceUnknownBadge } from "@/components/price-unknown-badge";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { useProviderModels, useProviders } from "@/lib/client/providers";
import type { ProviderModelsResponse } from "@/lib/shared/api-types";

type ModelItem = ProviderModelsResponse["items"][number];

function priceHint(item: ModelItem | undefined, simulated: boolean): string | undefined {
  if (!item) return undefined;
  if (!item.price) return "No price known: this run will show $0. An owner can enter one under Settings → Providers.";
  const { input, output } = item.price;
  return `$${input.toFixed(2)} in / $${output.toFixed(2)} out per 1M tokens${simulated ? " (simulated)" : ""}.`;
}

/**
 * Provider and model for a run, in one field: the provider's models come from its endpoint, each
 * with its price or a "price unknown" mark. Controlled: the form keeps `providerId` and `model`.
 * An empty providerId means the server's default (shown selected once the list is in).
 */
export function ProviderModelField(props: {
  providerId: string;
  model: string;
  onChange: (next: { providerId: string; model: string }) => void;
  error?: string;
  providerError?: string;
}) {
  const providers = useProviders();
  const providerId = props.providerId || providers.data?.find((p) => p.isDefault)?.id || "";
  const models = useProviderModels(providerId || null);
  const items = models.data?.items ?? [];
  const current = items.find((m) => m.id === props.model);
  const provider = providers.data?.find((p) => p.id === providerId);
  const hint = priceHint(current, provider?.kind === "simulator");

  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <FormField id="run-provider" label="Provider" error={props.providerError}>
        <Select value={providerId} onValueChange={(next) => props.onChange({ providerId: next, model: "" })} disabled={!providers.data}>
          <SelectTrigger id="run-provider" aria-invalid={props.providerError ? true : undefined}>
            <SelectValue placeholder={providers.isError ? "Providers could not be loaded" : "Loading providers…"} />
          </SelectTrigger>
          <SelectContent>
            {providers.data?.map((p) => (
              <SelectItem key={p.id} value={p.id}>
                {p.name}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </FormField>
      <FormField id="run-model" label="Model" hint={hint} error={props.error} extra={current && !current.price ? <PriceUnknownBadge /> : null}>
        <Select value={props.model} onValueChange={(next) => props.onChange({ providerId, model: next })} disabled={!models.data}>
          <SelectTrigger id="run-model" aria-invalid={props.error ? true : undefined} aria-describedby={describedBy("run-model", hint, props.error)}>
            <SelectValue placeholder={models.isPending ? "Loading models…" : items.length === 0 ? "No models listed" : "Choose a model"} />
          </SelectTrigger>
          <SelectContent>
            {items.map((m) => (
              <SelectItem key={m.id} value={m.id}>
                {m.id}
                {m.price ? <span className="text-muted-foreground"> · ${m.price.input.toFixed(2)} / ${m.price.output.toFixed(2)}</span> : <span className="text-muted-foreground"> · price unknown</span>}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </FormField>
    </div>
  );
}
