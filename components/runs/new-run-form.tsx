"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CircleExclamationPoint, LoaderCircle, Play } from "lucide-react";
import { useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { AdvancedSettings } from "@/components/runs/advanced-settings";
import { PrefilterPanel } from "@/components/runs/prefilter-panel";
import { ProviderModelField } from "@/components/runs/provider-model-field";
import { describedBy, FormField } from "@/components/runs/form-field";
import {
  ADVANCED_FIELDS,
  formFieldFromApi,
  initialRunFormValues,
  toCreateRunInput,
  type FieldErrors,
  type RunFormField,
  type RunFormValues,
} from "@/components/runs/run-form-values";
import { TemplateEditor } from "@/components/runs/template-editor";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { ApiError, createRun, errorMessage, type CreateRunInput } from "@/lib/client/api-client";
import type { DatasetSummary } from "@/lib/shared/api-types";
import { formatNumber } from "@/lib/shared/format";
import { queryKeys, useMeta } from "@/lib/client/queries";

export function NewRunForm({ dataset }: { dataset: DatasetSummary }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const { data: meta } = useMeta();
  const [values, setValues] = useState<RunFormValues>(initialRunFormValues);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [advancedOpen, setAdvancedOpen] = useState(false);

  const model = values.model || (values.providerId ? "" : meta?.defaults.model) || "";

  const start = useMutation({
    mutationFn: (input: CreateRunInput) => createRun(input),
    onSuccess: async (run) => {
      toast.success("Sample run started");
      await queryClient.invalidateQueries({ queryKey: queryKeys.runs });
      router.push(`/runs/${run.id}`);
    },
    onError: (error) => {
      const message = errorMessage(error);
      toast.error("Could not start the run", { description: message });
      const field = error instanceof ApiError ? formFieldFromApi(error.field) : null;
      if (field) showErrors({ [field]: message });
      else setFormError(message);
    },
  });

  function showErrors(next: FieldErrors) {
    setErrors(next);
    if (ADVANCED_FIELDS.some((field) => next[field])) setAdvancedOpen(true);
  }

  function update<K extends RunFormField>(field: K, value: RunFormValues[K]) {
    setValues((current) => ({ ...current, [field]: value }));
    if (errors[field]) setErrors((current) => ({ ...current, [field]: undefined }));
  }

  // What the form would start right now, for the pre-filter preview; null until it is valid.
  const draft = useMemo(() => toCreateRunInput(values, dataset.id, meta).input, [values, dataset.id, meta]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const result = toCreateRunInput(values, dataset.id, meta);
    if (result.errors) {
      showErrors(result.errors);
      return;
    }
    showErrors({});
    start.mutate(result.input);
  }

  const systemHint = "Optional instructions sent before every row.";
  const sampleHint = `Random rows from ${formatNumber(dataset.rowCount)}, with a fixed seed.`;
  return (
    <Card>
      <CardHeader>
        <CardTitle>New run</CardTitle>
        <CardDescription>Try the prompt on a sample first; launch the full dataset from the sample&apos;s dashboard.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={onSubmit} noValidate className="space-y-5" aria-label="New run">
          <TemplateEditor value={values.template} onChange={(v) => update("template", v)} columns={dataset.columns} error={errors.template} />
          <FormField id="run-system" label="System prompt (optional)" hint={systemHint} error={errors.system}>
            <Textarea
              id="run-system"
              rows={2}
              value={values.system}
              onChange={(event) => update("system", event.target.value)}
              placeholder="You are a careful analyst…"
              aria-invalid={errors.system ? true : undefined}
              aria-describedby={describedBy("run-system", systemHint, errors.system)}
            />
          </FormField>
          <ProviderModelField
            providerId={values.providerId}
            model={model}
            onChange={(next) => setValues((current) => ({ ...current, ...next }))}
            error={errors.model}
            providerError={errors.providerId}
          />
          <div className="grid gap-4 sm:grid-cols-[8rem]">
            <FormField id="run-sampleSize" label="Sample size" error={errors.sampleSize}>
              <Input
                id="run-sampleSize"
                type="number"
                min={1}
                step={1}
                inputMode="numeric"
                value={values.sampleSize}
                onChange={(event) => update("sampleSize", event.target.value)}
                aria-invalid={errors.sampleSize ? true : undefined}
                aria-describedby={describedBy("run-sampleSize", sampleHint, errors.sampleSize)}
              />
            </FormField>
          </div>
          <p id="run-sampleSize-hint" className="-mt-3 text-xs text-muted-foreground">
            {sampleHint}
          </p>
          <AdvancedSettings
            open={advancedOpen}
            onOpenChange={setAdvancedOpen}
            values={values}
            onChange={update}
            errors={errors}
            defaults={meta?.defaults}
          />
          <PrefilterPanel
            input={draft}
            rowCount={dataset.rowCount}
            minInputChars={values.minInputChars}
            defaultMinInputChars={meta?.defaults.minInputChars}
            useCache={values.useCache}
            onMinInputCharsChange={(v) => update("minInputChars", v)}
            onUseCacheChange={(v) => update("useCache", v)}
            minInputCharsError={errors.minInputChars}
            simulated={meta?.simulated ?? false}
          />
          {formError ? (
            <p role="alert" data-testid="run-form-error" className="flex gap-2 rounded-md border border-destructive/30 bg-destructive/5 p-3 text-sm">
              <CircleExclamationPoint className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden />
              {formError}
            </p>
          ) : null}
          <Button type="submit" className="w-full" disabled={start.isPending}>
            {start.isPending ? <LoaderCircle className="animate-spin" aria-hidden /> : <Play aria-hidden />}
            {start.isPending ? "Starting…" : "Run sample"}
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
