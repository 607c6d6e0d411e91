"use client";

import { ChevronDown, SlidersHorizontal } from "lucide-react";
import { Collapsible } from "radix-ui";
import { describedBy, FormField } from "@/components/runs/form-field";
import { thresholdToPercent, type FieldErrors, type RunFormValues, type TextField } from "@/components/runs/run-form-values";
import { Input } from "@/components/ui/input";
import type { MetaResponse } from "@/lib/shared/api-types";

interface NumberSetting {
  field: TextField;
  label: string;
  hint: (defaults: MetaResponse["defaults"] | undefined) => string;
  step?: string;
}

const SETTINGS: NumberSetting[] = [
  { field: "batchSize", label: "Batch size", hint: (d) => `Items per batch, 1–500. Default ${d?.batchSize ?? "—"}.` },
  { field: "concurrency", label: "Concurrency", hint: (d) => `Requests in flight per batch. Default ${d?.concurrency ?? "—"}.` },
  { field: "delayMs", label: "Delay between batches (ms)", hint: (d) => `Default ${d?.delayMs ?? "—"} ms.` },
  { field: "maxRetries", label: "Max retries", hint: (d) => `Retry passes for failed items. Default ${d?.maxRetries ?? "—"}.` },
  {
    field: "errorThresholdPct",
    label: "Error threshold (%)",
    step: "any",
    hint: (d) => `Pause when a batch fails more than this. Default ${d ? thresholdToPercent(d.errorThreshold) : "—"}%.`,
  },
  { field: "budgetUsd", label: "Budget (USD)", step: "any", hint: () => "Stop before a batch would exceed it. No cap when empty." },
  { field: "priority", label: "Priority", hint: () => "Higher runs first when runs wait. Default 0." },
];

const placeholderFor = (field: TextField, defaults: MetaResponse["defaults"] | undefined): string => {
  if (!defaults) return "";
  switch (field) {
    case "batchSize":
    case "concurrency":
    case "delayMs":
    case "maxRetries":
      return String(defaults[field]);
    case "errorThresholdPct":
      return String(thresholdToPercent(defaults.errorThreshold));
    case "priority":
      return "0";
    default:
      return "";
  }
};

export function AdvancedSettings(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  values: RunFormValues;
  onChange: (field: TextField, value: string) => void;
  errors: FieldErrors;
  defaults: MetaResponse["defaults"] | undefined;
}) {
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
          const hint = setting.hint(props.defaults);
          const error = props.errors[setting.field];
          return (
            <FormField key={setting.field} id={id} label={setting.label} hint={hint} error={error}>
              <Input
                id={id}
                type="number"
                inputMode="decimal"
                step={setting.step ?? "1"}
                value={props.values[setting.field]}
                placeholder={placeholderFor(setting.field, props.defaults)}
                onChange={(event) => props.onChange(setting.field, event.target.value)}
                aria-invalid={error ? true : undefined}
                aria-describedby={describedBy(id, hint, error)}
              />
            </FormField>
          );
        })}
      </Collapsible.Content>
    </Collapsible.Root>
  );
}
