"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CircleExclamationPoint, GitCompareArrows, LoaderCircle, Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { VariantEditor, type VariantDraft, type VariantErrors } from "@/components/comparisons/variant-editor";
import { FormField } from "@/components/runs/form-field";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { ApiError, errorMessage } from "@/lib/client/api-client";
import { comparisonKeys, createComparison } from "@/lib/client/comparisons";
import { useMeta } from "@/lib/client/queries";
import type { DatasetSummary } from "@/lib/shared/api-types";
import { COMPARISON_DEFAULTS, COMPARISON_LIMITS, type CreateComparisonInput, type GateMetric } from "@/lib/shared/comparison-settings";
import { formatNumber } from "@/lib/shared/format";

/** The models a first comparison starts with: the reference and two cheaper tiers. */
const STARTER_MODELS = ["gpt-4o", "gpt-4o-mini", "gpt-4.1-nano"];

function starterVariant(model: string, columns: string[]): VariantDraft {
  const column = columns[0] ?? "text";
  return { model, template: `Classify this: {{${column}}}`, system: "", shape: "labels", labels: "positive\nnegative\nneutral", schema: "" };
}

function splitLabels(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((label) => label.trim())
    .filter(Boolean);
}

type FormErrors = { variants: VariantErrors[]; sampleSize?: string; seed?: string; gateMin?: string; form?: string };

/** The form's values as the API's body, or the problems a person can fix before sending. */
function toInput(datasetId: string, variants: VariantDraft[], settings: Settings): { input?: CreateComparisonInput; errors?: FormErrors } {
  const errors: FormErrors = { variants: variants.map(() => ({})) };
  let bad = false;
  const body = variants.map((draft, index) => {
    const variantErrors = errors.variants[index] as VariantErrors;
    if (!draft.model) [variantErrors.model, bad] = ["Choose a model", true];
    if (!draft.template.trim()) [variantErrors.template, bad] = ["Write a prompt with at least one {{column}}", true];
    let outputSchema: Record<string, unknown> | undefined;
    if (draft.shape === "json") {
      try {
        const parsed: unknown = JSON.parse(draft.schema);
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
        outputSchema = parsed as Record<string, unknown>;
      } catch {
        [variantErrors.schema, bad] = ["The schema must be a JSON object", true];
      }
    }
    const labels = draft.shape === "labels" ? splitLabels(draft.labels) : undefined;
    if (labels && labels.length < COMPARISON_LIMITS.labels.min) [variantErrors.labels, bad] = ["Give at least two labels", true];
    return {
      model: draft.model,
      prompt: { template: draft.template, ...(draft.system.trim() ? { system: draft.system } : {}) },
      ...(outputSchema ? { outputSchema } : {}),
      ...(labels ? { labels } : {}),
    };
  });
  const sampleSize = Number(settings.sampleSize);
  if (!Number.isInteger(sampleSize) || sampleSize < 1 || sampleSize > 1000) [errors.sampleSize, bad] = ["A whole number from 1 to 1,000", true];
  const seed = Number(settings.seed);
  if (!settings.firstRows && (!Number.isInteger(seed) || seed < 0)) [errors.seed, bad] = ["A whole number, 0 or more", true];
  const gateMin = Number(settings.gatePercent) / 100;
  if (!Number.isFinite(gateMin) || gateMin < 0 || gateMin > 1) [errors.gateMin, bad] = ["A share from 0 to 100 %", true];
  if (bad) return { errors };
  return {
    input: {
      datasetId,
      sampleSize,
      firstRows: settings.firstRows,
      ...(settings.firstRows ? {} : { seed }),
      variants: body,
      reference: settings.reference,
      gate: { metric: settings.gateMetric, min: gateMin },
    },
  };
}

interface Settings {
  sampleSize: string;
  seed: string;
  firstRows: boolean;
  reference: number;
  gateMetric: GateMetric;
  gatePercent: string;
}

/** Maps the API's field (`variants.1.prompt.template`) onto the form. */
function errorsFromApi(error: ApiError, count: number): FormErrors {
  const errors: FormErrors = { variants: Array.from({ length: count }, () => ({})) };
  const match = /^variants\.(\d+)\.(\w+)/.exec(error.field ?? "");
  const at = match ? errors.variants[Number(match[1])] : undefined;
  const field = match?.[2];
  if (at && field) {
    const key = field === "prompt" ? (error.field?.endsWith("system") ? "system" : "template") : field === "outputSchema" ? "schema" : field;
    if (key === "model" || key === "template" || key === "system" || key === "labels" || key === "schema") at[key] = error.message;
    else errors.form = error.message;
  } else if (error.field === "sampleSize") errors.sampleSize = error.message;
  else if (error.field === "seed") errors.seed = error.message;
  else if (error.field?.startsWith("gate")) errors.gateMin = error.message;
  else errors.form = error.message;
  return errors;
}

export function NewComparisonForm({ dataset }: { dataset: DatasetSummary }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const { data: meta } = useMeta();
  const models = meta?.models.map((model) => model.id) ?? STARTER_MODELS;
  const [variants, setVariants] = useState<VariantDraft[]>(() => STARTER_MODELS.map((model) => starterVariant(model, dataset.columns)));
  const [settings, setSettings] = useState<Settings>({
    sampleSize: String(Math.min(COMPARISON_DEFAULTS.sampleSize, dataset.rowCount)),
    seed: String(COMPARISON_DEFAULTS.seed),
    firstRows: false,
    reference: 0,
    gateMetric: COMPARISON_DEFAULTS.gate.metric,
    gatePercent: String(COMPARISON_DEFAULTS.gate.min * 100),
  });
  const [errors, setErrors] = useState<FormErrors>({ variants: [] });

  const start = useMutation({
    mutationFn: createComparison,
    onSuccess: async (created) => {
      toast.success(`Comparing ${variants.length} variants`, { description: `${created.runs.length} sample runs started on the same rows.` });
      await queryClient.invalidateQueries({ queryKey: comparisonKeys.all });
      router.push(`/comparisons/${created.id}`);
    },
    onError: (error) => {
      toast.error("Could not start the comparison", { description: errorMessage(error) });
      setErrors(error instanceof ApiError ? errorsFromApi(error, variants.length) : { variants: [], form: errorMessage(error) });
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = toInput(dataset.id, variants, settings);
    if (result.errors) {
      setErrors(result.errors);
      return;
    }
    setErrors({ variants: [] });
    if (result.input) start.mutate(result.input);
  }

  const setSetting = <K extends keyof Settings>(field: K, value: Settings[K]) => setSettings((current) => ({ ...current, [field]: value }));

  function removeVariant(index: number) {
    setVariants((current) => current.filter((_, i) => i !== index));
    setSettings((current) => ({ ...current, reference: current.reference === index ? 0 : current.reference > index ? current.reference - 1 : current.reference }));
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6" aria-label="New comparison">
      <div className="grid gap-4 lg:grid-cols-2">
        {variants.map((variant, index) => (
          <VariantEditor
            key={index}
            index={index}
            value={variant}
            onChange={(next) => setVariants((current) => current.map((v, i) => (i === index ? next : v)))}
            onRemove={variants.length > 1 ? () => removeVariant(index) : undefined}
            isReference={settings.reference === index}
            onMakeReference={() => setSetting("reference", index)}
            models={models}
            columns={dataset.columns}
            errors={errors.variants[index] ?? {}}
          />
        ))}
        {variants.length < COMPARISON_LIMITS.variants.max ? (
          <Button
            type="button"
            variant="outline"
            className="h-auto min-h-24 border-dashed"
            onClick={() => setVariants((current) => [...current, { ...(current[current.length - 1] ?? starterVariant(STARTER_MODELS[0] ?? "", dataset.columns)) }])}
          >
            <Plus aria-hidden /> Add a variant ({variants.length}/{COMPARISON_LIMITS.variants.max})
          </Button>
        ) : null}
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Sample and quality gate</CardTitle>
          <CardDescription>
            Every variant answers exactly the same rows. The gate decides which variants are good enough; the cheapest of those is suggested.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <FormField id="compare-sampleSize" label="Rows" hint={`Of ${formatNumber(dataset.rowCount)}.`} error={errors.sampleSize}>
            <Input
              id="compare-sampleSize"
              type="number"
              min={1}
              max={1000}
              inputMode="numeric"
              value={settings.sampleSize}
              onChange={(event) => setSetting("sampleSize", event.target.value)}
              aria-invalid={errors.sampleSize ? true : undefined}
            />
          </FormField>
          <FormField
            id="compare-seed"
            label="Random seed"
            hint={settings.firstRows ? "Off: the first rows are taken." : "The same seed draws the same rows."}
            error={errors.seed}
            extra={
              <label className="flex items-center gap-1.5 text-xs text-muted-foreground">
                <Switch checked={settings.firstRows} onCheckedChange={(checked) => setSetting("firstRows", checked)} aria-label="Take the first rows" />
                First rows
              </label>
            }
          >
            <Input
              id="compare-seed"
              type="number"
              min={0}
              inputMode="numeric"
              value={settings.seed}
              disabled={settings.firstRows}
              onChange={(event) => setSetting("seed", event.target.value)}
              aria-invalid={errors.seed ? true : undefined}
            />
          </FormField>
          <FormField id="compare-gateMetric" label="Gate on">
            <Select value={settings.gateMetric} onValueChange={(value) => setSetting("gateMetric", value as GateMetric)}>
              <SelectTrigger id="compare-gateMetric" className="w-full">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="agreement">Agreement with the reference</SelectItem>
                <SelectItem value="approval">Approval of judged rows</SelectItem>
              </SelectContent>
            </Select>
          </FormField>
          <FormField id="compare-gateMin" label="At least (%)" error={errors.gateMin}>
            <Input
              id="compare-gateMin"
              type="number"
              min={0}
              max={100}
              inputMode="decimal"
              value={settings.gatePercent}
              onChange={(event) => setSetting("gatePercent", event.target.value)}
              aria-invalid={errors.gateMin ? true : undefined}
            />
          </FormField>
        </CardContent>
      </Card>
      {errors.form ? (
        <p role="alert" className="flex gap-2 rounded-md border border-destructive/30 bg-destructive/5 p-3 text-sm">
          <CircleExclamationPoint className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden />
          {errors.form}
        </p>
      ) : null}
      <Button type="submit" className="w-full sm:w-auto" disabled={start.isPending}>
        {start.isPending ? <LoaderCircle className="animate-spin" aria-hidden /> : <GitCompareArrows aria-hidden />}
        {start.isPending ? "Starting…" : `Compare ${variants.length} variant${variants.length === 1 ? "" : "s"}`}
      </Button>
    </form>
  );
}
