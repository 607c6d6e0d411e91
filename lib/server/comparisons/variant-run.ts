// The run request a variant stands for, sample or full: its labels go as the run's `labels`, so its
// answers are matched to them (and stored as listed) as any labelled run's are.
import "server-only";
import type { ComparisonVariantInput } from "@/lib/shared/comparison-settings";
import type { OutputKind } from "@/lib/shared/comparison-types";

export interface VariantSettings {
  model: string;
  prompt: { template: string; system?: string | null };
  outputSchema?: Record<string, unknown> | null;
  labels?: readonly string[] | null;
}

export function outputKindOf(variant: Pick<VariantSettings, "outputSchema" | "labels">): OutputKind {
  if (variant.labels?.length) return "labels";
  return variant.outputSchema ? "json" : "text";
}

/** A POST /api/runs body for the variant; `extra` sets kind and the run settings. */
export function runBodyFor(datasetId: string, variant: VariantSettings | ComparisonVariantInput, extra: Record<string, unknown>): Record<string, unknown> {
  const system = variant.prompt.system?.trim() ? variant.prompt.system : null;
  return {
    datasetId,
    model: variant.model,
    prompt: { template: variant.prompt.template, ...(system === null ? {} : { system }) },
    ...(variant.outputSchema ? { outputSchema: variant.outputSchema } : {}),
    ...(variant.labels?.length ? { labels: [...variant.labels] } : {}),
    ...extra,
  };
}
