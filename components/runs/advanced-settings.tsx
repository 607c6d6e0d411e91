"use client";

import { ChevronDown, SlidersHorizontal } from "lucide-react";
import { Collapsible } from "radix-ui";
import { Controller, useFormContext } from "react-hook-form";
import { describedBy, FormField } from "@/components/runs/form-field";
import { numberInput, type NumberField } from "@/components/runs/number-input";
import type { RunFormInput } from "@/components/runs/run-form-values";
import { Input } from "@/components/ui/input";
import { RUN_DEFAULTS, RUN_LIMITS } from "@/lib/shared/run-settings";
import { formatNumber } from "@/lib/shared/format";

interface NumberSetting {
  field: Exclude<NumberField, "sampleSize" | "minInputChars">;
  label: string;
  hint: string;
  step?: string;
}

const range = (field: keyof typeof RUN_LIMITS) => `${formatNumber(RUN_LIMITS[field].min)}–${formatNumber(RUN_LIMITS[field].max)}`;

// Bounds and defaults are RUN_LIMITS and RUN_DEFAULTS, the ones createRunSchema enforces.
const SETTINGS: NumberSetting[] = [
  { field: "batchSize", label: "Batch size", hint: `Items per batch, ${range("batchSize")}. Default ${RUN_DEFAULTS.batchSize}.` },
  { field: "concurrency", label: "Concurrency", hint: `Requests in flight per batch, ${range("concurrency")}. Default ${RUN_DEFAULTS.concurrency}.` },
  { field: "delayMs", label: "Delay between batches (ms)", hint: `Default ${RUN_DEFAULTS.delayMs} ms.` },
  { field: "maxRetries", label: "Max retries", hint: `Retry passes for failed items, ${range("maxRetries")}. Default ${RUN_DEFAULTS.maxRetries}.` },
  { field: "budgetUsd", label: "Budget (USD)", step: "any", hint: "Stop before an item would pass it. No cap when empty." },
  {
    field: "maxTokens",
    label: "Max output tokens",
    hint: `Sent as max_tokens, ${range("maxTokens")}. Empty: the model's own limit.`,
  },
  { field: "priority", label: "Priority", hint: `Higher runs first when runs wait, ${range("priority")}. Default ${RUN_DEFAULTS.priority}.` },
];

const THRESHOLD_HINT = `Pause when a batch fails more than this share. Default ${RUN_DEFAULTS.errorThreshold * 100}%.`;

/** The API's error threshold is a share (0.1); people think in percent, so the field shows and takes percent. */
function ErrorThresholdField() {
  const { control, formState } = useFormContext<RunFormInput>();
  const error = formState.errors.errorThreshold?.message;
  return (
    <FormField id="run-errorThreshold" label="Error threshold (%)" hint={THRESHOLD_HINT} error={error}>
      <Controller
        control={control}
        name="errorThreshold"
        render={({ field }) => (
          <Input
            id="run-errorThreshold"
            type="number"
            inputMode="decimal"
            step="any"
            min={0}
            max={100}
            name={field.name}
            ref={field.ref}
            onBlur={field.onBlur}
            value={typeof field.value === "number" && Number.isFinite(field.value) ? Math.round(field.value * 1000) / 10 : ""}
            onChange={(event) => field.onChange(event.target.value === "" ? undefined : Number(event.target.value) / 100)}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy("run-errorThreshold", THRESHOLD_HINT, error)}
          />
        )}
      />
    </FormField>
  );
}

export function AdvancedSettings(props: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { register, formState } = useFormContext<RunFormInput>();
  return (
    <Collapsible.Root open={props.open} onOpenChange={props.onOpenChange} className="rounded-lg border">
      <Collapsible.Trigger className="group flex w-full items-center gap-2 rounded-lg px-3 py-2 text-sm font-medium outline-none hover:bg-muted/50 focus-visible:ring-[3px] focus-visible:ring-ring/50">
        <SlidersHorizontal className="size-4 text-muted-foreground" aria-hidden />
        Advanced
        <span className="text-xs font-normal text-muted-foreground">batching, retries, guards</span>
        <ChevronDown className="ml-auto size-4 transition-transform group-data-[state=open]:rotate-180" aria-hidden />
      </Collapsible.Trigger>
      <Collapsible.Content className="grid gap-4 border-t p-3 sm:grid-cols-2">
        {SETTINGS.map((setting) => {
          const id = `run-${setting.field}`;
          const error = formState.errors[setting.field]?.message;
          return (
            <FormField key={setting.field} id={id} label={setting.label} hint={setting.hint} error={error}>
              <Input
                id={id}
                {...numberInput(register, setting.field)}
                step={setting.step ?? "1"}
                aria-invalid={error ? true : undefined}
                aria-describedby={describedBy(id, setting.hint, error)}
              />
            </FormField>
          );
        })}
        <ErrorThresholdField />
      </Collapsible.Content>
    </Collapsible.Root>
  );
}
