"use client";

import { CircleCheck, CircleExclamationPoint } from "lucide-react";
import { useMemo } from "react";
import { Controller, useFormContext, useWatch } from "react-hook-form";
import { describedBy, FormField } from "@/components/runs/form-field";
import { LabelsEditor } from "@/components/runs/labels-editor";
import { OUTPUT_SHAPES, type OutputShape, type RunFormInput } from "@/components/runs/run-form-values";
import { Tabs, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { useDebouncedValue } from "@/lib/client/use-debounced-value";
import { outputSchemaFields, outputSchemaTextProblem } from "@/lib/shared/output-schema-rules";

const SHAPE_NAMES: Record<OutputShape, string> = { text: "Free text", labels: "Labels", json: "JSON schema" };
const SHAPE_HINTS: Record<OutputShape, string> = {
  text: "The model answers in its own words.",
  labels: "The answer must be one of these labels (case and spacing do not matter); anything else fails as invalid output and is retried.",
  json: "The answer must be an object of this schema (strict structured outputs). Its fields become columns in the items table and exports.",
};
/** Checking the schema on every key would flicker while a brace is half typed. */
const SCHEMA_CHECK_DEBOUNCE_MS = 250;

/** How the model must answer: free text, one of a list of labels, or an object of a JSON schema. */
export function OutputShapeField() {
  const { control, register, setValue, formState } = useFormContext<RunFormInput>();
  const shape = useWatch({ control, name: "outputShape" });
  const errors = formState.errors;

  return (
    <section className="space-y-3 rounded-lg border p-3" aria-labelledby="output-shape-title" data-testid="output-shape">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="output-shape-title" className="text-sm font-medium">
          Output
        </h3>
        <Tabs value={shape} onValueChange={(value) => setValue("outputShape", value as OutputShape, { shouldDirty: true, shouldValidate: formState.isSubmitted })}>
          <TabsList aria-label="Output shape">
            {OUTPUT_SHAPES.map((option) => (
              <TabsTrigger key={option} value={option}>
                {SHAPE_NAMES[option]}
              </TabsTrigger>
            ))}
          </TabsList>
        </Tabs>
      </div>
      {shape === "text" ? <p className="text-xs text-muted-foreground">{SHAPE_HINTS.text}</p> : null}
      {shape === "labels" ? (
        <FormField id="run-labels" label="Labels" hint={SHAPE_HINTS.labels} error={errors.labels?.message}>
          <Controller
            control={control}
            name="labels"
            render={({ field }) => (
              <LabelsEditor
                id="run-labels"
                value={field.value}
                onChange={field.onChange}
                invalid={Boolean(errors.labels)}
                describedBy={describedBy("run-labels", SHAPE_HINTS.labels, errors.labels?.message)}
              />
            )}
          />
        </FormField>
      ) : null}
      {shape === "json" ? (
        <FormField id="run-outputSchema" label="JSON schema" hint={SHAPE_HINTS.json} error={errors.outputSchemaText?.message}>
          <Textarea
            id="run-outputSchema"
            rows={9}
            spellCheck={false}
            className="font-mono text-[13px]"
            aria-invalid={errors.outputSchemaText ? true : undefined}
            aria-describedby={`run-outputSchema-check ${describedBy("run-outputSchema", SHAPE_HINTS.json, errors.outputSchemaText?.message) ?? ""}`}
            {...register("outputSchemaText")}
          />
          <SchemaCheck />
        </FormField>
      ) : null}
    </section>
  );
}

/** The schema checked as it is typed, with the server's own rules: what is wrong, or the columns it will add. */
function SchemaCheck() {
  const { control } = useFormContext<RunFormInput>();
  const text = useDebouncedValue(useWatch({ control, name: "outputSchemaText" }), SCHEMA_CHECK_DEBOUNCE_MS);
  const check = useMemo(() => outputSchemaTextProblem(text), [text]);
  if (check.problem) {
    return (
      <p id="run-outputSchema-check" className="flex gap-1.5 text-xs text-destructive" data-testid="schema-check" aria-live="polite">
        <CircleExclamationPoint className="mt-0.5 size-3.5 shrink-0" aria-hidden />
        Not usable yet: {check.problem}
      </p>
    );
  }
  const fields = check.schema ? outputSchemaFields(check.schema) : [];
  return (
    <p id="run-outputSchema-check" className="flex gap-1.5 text-xs text-success" data-testid="schema-check" aria-live="polite">
      <CircleCheck className="mt-0.5 size-3.5 shrink-0" aria-hidden />
      Valid. Columns: {fields.length > 0 ? fields.map((field) => `output.${field}`).join(", ") : "none (no properties)"}
    </p>
  );
}
