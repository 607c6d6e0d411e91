// The run request a variant stands for, sample or full. The one place a variant's labels reach a run:
// until runs carry `labels` themselves (lab-a's createRunSchema), they travel as the instruction line
// in the system prompt (lib/shared/labels.ts), which is what the model and the simulator read.
import "server-only";
import { labelInstruction } from "@/lib/shared/labels";
import type { ComparisonVariantInput } from "@/lib/shared/comparison-settings";
import type { OutputKind } from "@/lib/shared/comparison-types";

export interface VariantSettings {
  model: string;
  prompt: { template: string; system?: string | null };
  outputSchema?: Record<string, unknown> | null;
  labels?: readonly string[] | null;
}

/** The system prompt a run gets: the variant's own, then the label instruction when it answers with labels. */
export function systemWithLabels(system: string | null | undefined, labels: readonly string[] | null | undefined): string | null {
  const parts = [system?.trim() ? system : null, labels?.length ? labelInstruction(labels) : null].filter((part): part is string => part !== null);
  return parts.length ? parts.join("\n") : null;
}

/** The variant's own system prompt, without the label line this module added. */
export function systemWithoutLabels(system: string | null, labels: readonly string[] | null): string | null {
  if (!system || !labels?.length) return system;
  const line = labelInstruction(labels);
  const kept = system.split("\n").filter((candidate) => candidate !== line).join("\n");
  return kept === "" ? null : kept;
}

export function outputKindOf(variant: Pick<VariantSettings, "outputSchema" | "labels">): OutputKind {
  if (variant.labels?.length) return "labels";
  return variant.outputSchema ? "json" : "text";
}

/** A POST /api/runs body for the variant; `extra` sets kind and the run settings. */
export function runBodyFor(datasetId: string, variant: VariantSettings | ComparisonVariantInput, extra: Record<string, unknown>): Record<string, unknown> {
  const system = systemWithLabels(variant.prompt.system, variant.labels);
  return {
    datasetId,
    model: variant.model,
    prompt: { template: variant.prompt.template, ...(system === null ? {} : { system }) },
    ...(variant.outputSchema ? { outputSchema: variant.outputSchema } : {}),
    ...extra,
  };
}
