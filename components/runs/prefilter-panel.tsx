"use client";

import { ListFilter } from "lucide-react";
import { useMemo, useState } from "react";
import { Controller, useFormContext } from "react-hook-form";
import { describedBy, FormField } from "@/components/runs/form-field";
import { numberInput } from "@/components/runs/number-input";
import type { RunFormInput } from "@/components/runs/run-form-values";
import { PrefilterSummary } from "@/components/runs/prefilter-summary";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { Tabs, TabsList, TabsTrigger } from "@/components/ui/tabs";
import type { CreateRunInput } from "@/lib/client/api-client";
import { useRunPreview } from "@/lib/client/queries";
import { useDebouncedValue } from "@/lib/client/use-debounced-value";
import { plural } from "@/lib/shared/format";
import { RUN_DEFAULTS } from "@/lib/shared/run-settings";

/** Typing in the template should not read the whole dataset on every key. */
const PREVIEW_DEBOUNCE_MS = 400;

type Scope = "sample" | "full";

/**
 * The new-run form's "Pre-filter" panel: the pre-filter's settings, and a live preview of what it
 * removes, for the sample this form starts or for the whole dataset, before anything is launched.
 */
export function PrefilterPanel(props: {
  /** The run the form would start; null while its settings are incomplete. */
  input: CreateRunInput | null;
  rowCount: number;
  simulated: boolean;
}) {
  const { control, register, formState } = useFormContext<RunFormInput>();
  const minInputCharsError = formState.errors.minInputChars?.message;
  const [scope, setScope] = useState<Scope>("sample");
  // Debounced by value: the form builds a new object on every render.
  const wanted = props.input ? JSON.stringify(scope === "full" ? { ...props.input, kind: "full", sampleSize: undefined } : props.input) : null;
  const settled = useDebouncedValue(wanted, PREVIEW_DEBOUNCE_MS);
  const previewInput = useMemo(() => (settled ? (JSON.parse(settled) as CreateRunInput) : null), [settled]);
  const preview = useRunPreview(previewInput);

  const minHint = `Rows whose values (the template's own words not counted) have fewer characters are skipped. Default ${RUN_DEFAULTS.minInputChars}; 0 sends every row.`;
  const cacheHint = "Rows answered before for the same model, system prompt, input and output schema reuse that answer, at no cost.";
  return (
    <section className="space-y-4 rounded-lg border p-3" aria-labelledby="prefilter-title" data-testid="prefilter-panel">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h3 id="prefilter-title" className="flex items-center gap-2 text-sm font-medium">
            <ListFilter className="size-4 text-muted-foreground" aria-hidden />
            Pre-filter
          </h3>
          <p className="text-xs text-muted-foreground">Rows that need no model call, found before anything is sent.</p>
        </div>
        <Tabs value={scope} onValueChange={(v) => setScope(v === "full" ? "full" : "sample")}>
          <TabsList aria-label="Preview for">
            <TabsTrigger value="sample">This sample</TabsTrigger>
            <TabsTrigger value="full">All {plural(props.rowCount, "row")}</TabsTrigger>
          </TabsList>
        </Tabs>
      </div>
      <div className="grid gap-4">
        <FormField id="run-minInputChars" label="Minimum length (characters)" hint={minHint} error={minInputCharsError}>
          <Input
            id="run-minInputChars"
            {...numberInput(register, "minInputChars")}
            step={1}
            aria-invalid={minInputCharsError ? true : undefined}
            aria-describedby={describedBy("run-minInputChars", minHint, minInputCharsError)}
          />
        </FormField>
        <Controller
          control={control}
          name="useCache"
          render={({ field }) => (
            <div className="space-y-1.5">
              <Label htmlFor="run-useCache">Cached answers</Label>
              <div className="flex h-9 items-center gap-3">
                <Switch id="run-useCache" checked={field.value ?? true} onCheckedChange={field.onChange} aria-describedby="run-useCache-hint" />
                <span className="text-sm">{field.value ?? true ? "Reuse earlier answers" : "Ask the model again"}</span>
              </div>
              <p id="run-useCache-hint" className="text-xs text-muted-foreground">
                {cacheHint}
              </p>
            </div>
          )}
        />
      </div>
      {previewInput ? (
        <PrefilterSummary
          preview={preview.data}
          isPending={preview.isPending}
          isStale={preview.isFetching || wanted !== settled}
          error={preview.error}
          simulated={props.simulated}
        />
      ) : (
        <p className="text-sm text-muted-foreground">Write a prompt template to see which rows would be sent.</p>
      )}
    </section>
  );
}
