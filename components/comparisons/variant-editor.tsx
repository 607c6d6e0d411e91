"use client";

import { Plus, Star, Trash2 } from "lucide-react";
import { useRef } from "react";
import { describedBy, FormField } from "@/components/runs/form-field";
import { Button } from "@/components/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { cn } from "@/lib/client/cn";
import type { OutputKind } from "@/lib/shared/comparison-types";

export interface VariantDraft {
  model: string;
  template: string;
  system: string;
  shape: OutputKind;
  /** One label a line (commas also separate). */
  labels: string;
  /** The JSON schema as typed. */
  schema: string;
}

export type VariantErrors = Partial<Record<"model" | "template" | "system" | "labels" | "schema", string>>;

const SHAPES: { value: OutputKind; label: string }[] = [
  { value: "text", label: "Free text" },
  { value: "labels", label: "Labels" },
  { value: "json", label: "JSON schema" },
];

/** One variant of a comparison: model, prompt and output shape, in a compact card. */
export function VariantEditor(props: {
  index: number;
  value: VariantDraft;
  onChange: (next: VariantDraft) => void;
  onRemove?: () => void;
  isReference: boolean;
  onMakeReference: () => void;
  models: string[];
  columns: string[];
  errors: VariantErrors;
}) {
  const { index, value, errors } = props;
  const id = (field: string) => `variant-${index}-${field}`;
  const templateRef = useRef<HTMLTextAreaElement>(null);
  const set = <K extends keyof VariantDraft>(field: K, next: VariantDraft[K]) => props.onChange({ ...value, [field]: next });

  function insertColumn(column: string) {
    const token = `{{${column}}}`;
    const area = templateRef.current;
    const start = area?.selectionStart ?? value.template.length;
    const end = area?.selectionEnd ?? value.template.length;
    set("template", value.template.slice(0, start) + token + value.template.slice(end));
  }

  return (
    <fieldset
      className={cn("min-w-0 space-y-3 rounded-lg border p-3", props.isReference && "border-primary/50 bg-primary/5")}
      aria-label={`Variant ${index + 1}`}
      data-testid={`variant-${index}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <legend className="text-sm font-semibold">Variant {index + 1}</legend>
        <div className="flex items-center gap-1">
          <Button
            type="button"
            variant={props.isReference ? "secondary" : "ghost"}
            size="sm"
            onClick={props.onMakeReference}
            aria-pressed={props.isReference}
            title="The variant the others are measured against"
          >
            <Star aria-hidden className={cn(props.isReference && "fill-current")} /> {props.isReference ? "Reference" : "Make reference"}
          </Button>
          {props.onRemove ? (
            <Button type="button" variant="ghost" size="icon" onClick={props.onRemove} aria-label={`Remove variant ${index + 1}`}>
              <Trash2 aria-hidden />
            </Button>
          ) : null}
        </div>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <FormField id={id("model")} label="Model" error={errors.model}>
          <Select value={value.model} onValueChange={(next) => set("model", next)}>
            <SelectTrigger id={id("model")} aria-invalid={errors.model ? true : undefined} className="w-full">
              <SelectValue placeholder="Choose a model" />
            </SelectTrigger>
            <SelectContent>
              {props.models.map((model) => (
                <SelectItem key={model} value={model}>
                  {model}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </FormField>
        <FormField id={id("shape")} label="Output">
          <Select value={value.shape} onValueChange={(next) => set("shape", next as OutputKind)}>
            <SelectTrigger id={id("shape")} className="w-full">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {SHAPES.map((shape) => (
                <SelectItem key={shape.value} value={shape.value}>
                  {shape.label}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </FormField>
      </div>
      <FormField id={id("template")} label="Prompt template" error={errors.template}>
        <div role="group" aria-label="Insert a column" className="flex flex-wrap gap-1">
          {props.columns.map((column) => (
            <button
              key={column}
              type="button"
              onClick={() => insertColumn(column)}
              className="inline-flex max-w-40 items-center gap-1 rounded-md border bg-muted/50 px-1.5 py-0.5 font-mono text-[11px] outline-none hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50"
            >
              <Plus className="size-3 shrink-0" aria-hidden />
              <span className="truncate">{column}</span>
            </button>
          ))}
        </div>
        <Textarea
          ref={templateRef}
          id={id("template")}
          rows={3}
          value={value.template}
          onChange={(event) => set("template", event.target.value)}
          className="font-mono text-[13px]"
          aria-invalid={errors.template ? true : undefined}
          aria-describedby={describedBy(id("template"), undefined, errors.template)}
        />
      </FormField>
      <FormField id={id("system")} label="System prompt (optional)" error={errors.system}>
        <Textarea id={id("system")} rows={1} value={value.system} onChange={(event) => set("system", event.target.value)} />
      </FormField>
      {value.shape === "labels" ? (
        <FormField id={id("labels")} label="Labels" hint="One a line; the answer must be one of them." error={errors.labels}>
          <Textarea
            id={id("labels")}
            rows={3}
            value={value.labels}
            onChange={(event) => set("labels", event.target.value)}
            placeholder={"positive\nnegative\nneutral"}
            aria-invalid={errors.labels ? true : undefined}
            aria-describedby={describedBy(id("labels"), "One a line; the answer must be one of them.", errors.labels)}
          />
        </FormField>
      ) : null}
      {value.shape === "json" ? (
        <FormField id={id("schema")} label="JSON schema" hint="An object schema; its fields become columns." error={errors.schema}>
          <Textarea
            id={id("schema")}
            rows={5}
            value={value.schema}
            onChange={(event) => set("schema", event.target.value)}
            className="font-mono text-[12px]"
            aria-invalid={errors.schema ? true : undefined}
            aria-describedby={describedBy(id("schema"), "An object schema; its fields become columns.", errors.schema)}
          />
        </FormField>
      ) : null}
    </fieldset>
  );
}
