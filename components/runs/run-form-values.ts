// The "New run" form's values: what the user typed, and how it becomes a POST /api/runs body.
import type { CreateRunInput } from "@/lib/client/api-client";
import type { MetaResponse } from "@/lib/shared/api-types";
import { RUN_LIMITS } from "@/lib/shared/run-settings";

export const UI_DEFAULT_SAMPLE_SIZE = 20;

export interface RunFormValues {
  template: string;
  system: string;
  model: string;
  /** "" leaves the server's default provider. */
  providerId: string;
  sampleSize: string;
  batchSize: string;
  concurrency: string;
  delayMs: string;
  maxRetries: string;
  errorThresholdPct: string;
  budgetUsd: string;
  priority: string;
  /** Pre-filter settings: "" leaves the server's default. */
  minInputChars: string;
  useCache: boolean;
}

export type RunFormField = keyof RunFormValues;
/** The fields typed as text (numbers included), as opposed to switches. */
export type TextField = Exclude<RunFormField, "useCache">;
export type FieldErrors = Partial<Record<RunFormField, string>>;

/** Fields inside the collapsed "Advanced" section: an error there opens it. */
export const ADVANCED_FIELDS: readonly RunFormField[] = [
  "batchSize",
  "concurrency",
  "delayMs",
  "maxRetries",
  "errorThresholdPct",
  "budgetUsd",
  "priority",
];

export const initialRunFormValues: RunFormValues = {
  template: "",
  system: "",
  model: "",
  providerId: "",
  sampleSize: String(UI_DEFAULT_SAMPLE_SIZE),
  batchSize: "",
  concurrency: "",
  delayMs: "",
  maxRetries: "",
  errorThresholdPct: "",
  budgetUsd: "",
  priority: "",
  minInputChars: "",
  useCache: true,
};

/** The API's error threshold is a share (0.1); the form speaks percent. Tolerates a server that already speaks percent. */
export function thresholdToPercent(threshold: number): number {
  return threshold <= 1 ? Math.round(threshold * 1000) / 10 : threshold;
}

type Parsed = { ok: true; value: number | undefined } | { ok: false; message: string };
type NumberRule = { integer?: boolean; min?: number; max?: number; aboveZero?: boolean };

function parseNumber(raw: string, opts: NumberRule): Parsed {
  const text = raw.trim();
  if (text === "") return { ok: true, value: undefined };
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, message: "Enter a number." };
  if (opts.integer && !Number.isInteger(value)) return { ok: false, message: "Enter a whole number." };
  if (opts.aboveZero && value <= 0) return { ok: false, message: "Must be above 0." };
  if (opts.min !== undefined && value < opts.min) return { ok: false, message: `Must be at least ${opts.min}.` };
  if (opts.max !== undefined && value > opts.max) return { ok: false, message: `Must be at most ${opts.max}.` };
  return { ok: true, value };
}

/** Empty advanced fields are left out, so the server's defaults apply. */
export function toCreateRunInput(
  values: RunFormValues,
  datasetId: string,
  meta: MetaResponse | undefined,
): { input: CreateRunInput; errors: null } | { input: null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const numbers: Partial<Record<TextField, number>> = {};
  // The same bounds the API enforces (lib/shared/run-settings.ts), so most mistakes show before a round trip.
  const rules: [TextField, NumberRule][] = [
    ["sampleSize", { integer: true, ...RUN_LIMITS.sampleSize }],
    ["batchSize", { integer: true, ...RUN_LIMITS.batchSize }],
    ["concurrency", { integer: true, ...RUN_LIMITS.concurrency }],
    ["delayMs", { integer: true, ...RUN_LIMITS.delayMs }],
    ["maxRetries", { integer: true, ...RUN_LIMITS.maxRetries }],
    ["errorThresholdPct", { aboveZero: true, max: 100 }],
    ["budgetUsd", { ...RUN_LIMITS.budgetUsd }],
    ["priority", { integer: true, ...RUN_LIMITS.priority }],
    ["minInputChars", { integer: true, ...RUN_LIMITS.minInputChars }],
  ];
  for (const [field, opts] of rules) {
    const parsed = parseNumber(values[field], opts);
    if (parsed.ok) numbers[field] = parsed.value;
    else errors[field] = parsed.message;
  }
  if (!values.template.trim()) errors.template = "Write a prompt template, using {{column}} for a row's values.";
  // Another provider may not serve the default model: there the user picks one.
  const model = values.model || (values.providerId ? undefined : meta?.defaults.model);
  if (!model) errors.model = "Choose a model.";
  if (Object.keys(errors).length > 0 || !model) return { input: null, errors };

  const system = values.system.trim();
  const threshold = numbers.errorThresholdPct;
  return {
    errors: null,
    input: {
      datasetId,
      kind: "sample",
      sampleSize: numbers.sampleSize ?? UI_DEFAULT_SAMPLE_SIZE,
      prompt: system ? { template: values.template, system } : { template: values.template },
      model,
      ...(values.providerId ? { providerId: values.providerId } : {}),
      batchSize: numbers.batchSize,
      concurrency: numbers.concurrency,
      delayMs: numbers.delayMs,
      maxRetries: numbers.maxRetries,
      errorThreshold: threshold === undefined ? undefined : threshold / 100,
      budgetUsd: numbers.budgetUsd,
      priority: numbers.priority,
      minInputChars: numbers.minInputChars,
      useCache: values.useCache,
    },
  };
}

const API_FIELD_ALIASES: Record<string, RunFormField> = {
  template: "template",
  "prompt.template": "template",
  prompt: "template",
  system: "system",
  "prompt.system": "system",
  errorThreshold: "errorThresholdPct",
};

/** Maps the API's `error.field` ("prompt.template", "batchSize", …) to the form field that shows it. */
export function formFieldFromApi(field: string | undefined): RunFormField | null {
  if (!field) return null;
  const alias = API_FIELD_ALIASES[field];
  if (alias) return alias;
  return field in initialRunFormValues ? (field as RunFormField) : null;
}
