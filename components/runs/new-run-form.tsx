"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CircleExclamationPoint, LoaderCircle, Play, RotateCcw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { Controller, FormProvider, useForm, useWatch, type FieldErrors, type FieldPath } from "react-hook-form";
import { toast } from "sonner";
import { AdvancedSettings } from "@/components/runs/advanced-settings";
import { describedBy, FormField } from "@/components/runs/form-field";
import { numberInput } from "@/components/runs/number-input";
import { OutputShapeField } from "@/components/runs/output-shape-field";
import { PrefilterPanel } from "@/components/runs/prefilter-panel";
import { ProviderModelField } from "@/components/runs/provider-model-field";
import {
  ADVANCED_FIELDS,
  defaultRunFormValues,
  formFieldFromApi,
  runFormSchema,
  toCreateRunInput,
  type RunFormInput,
  type RunFormOutput,
} from "@/components/runs/run-form-values";
import { TemplateEditor } from "@/components/runs/template-editor";
import { useRunDraft, type DraftState } from "@/components/runs/use-run-draft";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { ApiError, createRun, errorMessage, type CreateRunInput } from "@/lib/client/api-client";
import type { DatasetSummary } from "@/lib/shared/api-types";
import { formatNumber } from "@/lib/shared/format";
import { queryKeys, useMeta } from "@/lib/client/queries";

const DRAFT_WORDS: Record<DraftState, string> = {
  loading: "Loading your draft…",
  idle: "",
  saving: "Saving draft…",
  saved: "Draft saved",
  error: "Draft not saved",
};

/**
 * The new-run form, on createRunSchema through react-hook-form: fields, bounds, defaults and messages
 * are the API's. It keeps the person's last draft for the dataset, or starts from a run's settings
 * ("Edit and run again": `fromRunId`).
 */
export function NewRunForm({ dataset, fromRunId = null }: { dataset: DatasetSummary; fromRunId?: string | null }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const { data: meta } = useMeta();
  const [formError, setFormError] = useState<string | null>(null);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const cardRef = useRef<HTMLElement>(null);

  const form = useForm<RunFormInput, unknown, RunFormOutput>({
    resolver: zodResolver(runFormSchema),
    defaultValues: defaultRunFormValues(),
    mode: "onTouched",
  });
  const { control, register, handleSubmit, formState, setError, setValue, reset } = form;
  const errors = formState.errors;
  const draft = useRunDraft(dataset.id, form, fromRunId);

  // "Edit and run again": once the run's settings are in, say so, bring the form into view and drop
  // ?from= (the draft now holds them, so a reload keeps them).
  const announced = useRef(false);
  useEffect(() => {
    if (!draft.fromRun || !draft.loaded || announced.current) return;
    announced.current = true;
    toast.success("Form filled in from the run", { description: "Change what you like, then run a sample." });
    cardRef.current?.scrollIntoView({ block: "start" });
    form.setFocus("prompt.template");
    router.replace(`/datasets/${encodeURIComponent(dataset.id)}`, { scroll: false });
  }, [draft.fromRun, draft.loaded, form, router, dataset.id]);

  const model = useWatch({ control, name: "model" });
  const providerId = useWatch({ control, name: "providerId" });

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
      if (field) {
        setError(field as FieldPath<RunFormInput>, { type: "server", message }, { shouldFocus: true });
        if ((ADVANCED_FIELDS as readonly string[]).includes(field)) setAdvancedOpen(true);
      } else setFormError(message);
    },
  });

  // What the form would start right now, for the pre-filter preview; null until it is valid.
  const values = useWatch({ control });
  const valuesKey = JSON.stringify(values);
  const draftInput = useMemo(() => {
    const parsed = runFormSchema.safeParse(JSON.parse(valuesKey));
    return parsed.success ? toCreateRunInput(parsed.data, dataset.id) : null;
  }, [valuesKey, dataset.id]);

  const onValid = (output: RunFormOutput) => {
    setFormError(null);
    start.mutate(toCreateRunInput(output, dataset.id));
  };
  const onInvalid = (invalid: FieldErrors<RunFormInput>) => {
    if (ADVANCED_FIELDS.some((field) => invalid[field])) setAdvancedOpen(true);
  };

  const systemHint = "Optional instructions sent before every row.";
  const sampleHint = `Random rows from ${formatNumber(dataset.rowCount)}, with a fixed seed.`;
  const templateError = errors.prompt?.template?.message;
  const systemError = errors.prompt?.system?.message;

  return (
    <Card ref={cardRef} className="scroll-mt-20">
      <CardHeader>
        <CardTitle>New run</CardTitle>
        <CardDescription>Try the prompt on a sample first; launch the full dataset from the sample&apos;s dashboard.</CardDescription>
      </CardHeader>
      <CardContent>
        <FormProvider {...form}>
          <form onSubmit={handleSubmit(onValid, onInvalid)} noValidate className="space-y-5" aria-label="New run" aria-busy={!draft.loaded}>
            <Controller
              control={control}
              name="prompt.template"
              render={({ field }) => (
                <TemplateEditor ref={field.ref} value={field.value} onChange={field.onChange} onBlur={field.onBlur} columns={dataset.columns} error={templateError} />
              )}
            />
            <FormField id="run-system" label="System prompt (optional)" hint={systemHint} error={systemError}>
              <Textarea
                id="run-system"
                rows={2}
                placeholder="You are a careful analyst…"
                aria-invalid={systemError ? true : undefined}
                aria-describedby={describedBy("run-system", systemHint, systemError)}
                {...register("prompt.system")}
              />
            </FormField>
            <ProviderModelField
              providerId={providerId ?? ""}
              model={model ?? ""}
              onChange={(next) => {
                setValue("providerId", next.providerId, { shouldDirty: true });
                setValue("model", next.model, { shouldDirty: true, shouldValidate: formState.isSubmitted });
              }}
              error={errors.model?.message}
              providerError={errors.providerId?.message}
            />
            <div className="grid gap-4 sm:grid-cols-[8rem]">
              <FormField id="run-sampleSize" label="Sample size" error={errors.sampleSize?.message}>
                <Input
                  id="run-sampleSize"
                  {...numberInput(register, "sampleSize")}
                  step={1}
                  aria-invalid={errors.sampleSize ? true : undefined}
                  aria-describedby={describedBy("run-sampleSize", sampleHint, errors.sampleSize?.message)}
                />
              </FormField>
            </div>
            <p id="run-sampleSize-hint" className="-mt-3 text-xs text-muted-foreground">
              {sampleHint}
            </p>
            <OutputShapeField />
            <AdvancedSettings open={advancedOpen} onOpenChange={setAdvancedOpen} />
            <PrefilterPanel input={draftInput} rowCount={dataset.rowCount} simulated={meta?.simulated ?? false} />
            {formError ? (
              <p role="alert" data-testid="run-form-error" className="flex gap-2 rounded-md border border-destructive/30 bg-destructive/5 p-3 text-sm">
                <CircleExclamationPoint className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden />
                {formError}
              </p>
            ) : null}
            <Button type="submit" className="w-full" disabled={start.isPending || !draft.loaded}>
              {start.isPending ? <LoaderCircle className="animate-spin" aria-hidden /> : <Play aria-hidden />}
              {start.isPending ? "Starting…" : "Run sample"}
            </Button>
            <div className="flex items-center justify-between gap-2 text-xs text-muted-foreground">
              <span data-testid="draft-state" aria-live="polite">
                {DRAFT_WORDS[draft.state]}
              </span>
              <Button
                type="button"
                variant="ghost"
                size="sm"
                onClick={() => {
                  reset(defaultRunFormValues());
                  setFormError(null);
                }}
              >
                <RotateCcw aria-hidden /> Start over
              </Button>
            </div>
          </form>
        </FormProvider>
      </CardContent>
    </Card>
  );
}
