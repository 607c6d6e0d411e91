// The "New run" form's values: createRunSchema's own fields (so bounds, defaults and messages are the
// API's), plus the output shape as the person edits it, and how they become a POST /api/runs body.
import { z } from "zod";
import type { CreateRunInput } from "@/lib/client/api-client";
import type { RunSettings } from "@/lib/shared/api-types";
import { labelsSchema } from "@/lib/shared/labels";
import { outputSchemaTextProblem } from "@/lib/shared/output-schema-rules";
import { createRunSchema, RUN_DEFAULTS } from "@/lib/shared/run-settings";

export const OUTPUT_SHAPES = ["text", "labels", "json"] as const;
export type OutputShape = (typeof OUTPUT_SHAPES)[number];

/** What the JSON schema editor starts from: a valid strict schema to edit, not a blank page. */
export const STARTER_OUTPUT_SCHEMA = JSON.stringify(
  {
    type: "object",
    properties: { category: { type: "string" }, confidence: { type: "number" } },
    required: ["category", "confidence"],
    additionalProperties: false,
  },
  null,
  2,
);

const runSettingsFields = createRunSchema.omit({ datasetId: true, kind: true, outputSchema: true, labels: true, sourceRunId: true });

/** The form's schema: the API's settings, with the output shape kept as typed (a list, or the schema's text). */
export const runFormSchema = runSettingsFields
  .extend({
    /** "" leaves the server's default provider (the API checks the rest). */
    providerId: z.string(),
    outputShape: z.enum(OUTPUT_SHAPES),
    labels: z.array(z.string()),
    outputSchemaText: z.string(),
  })
  .superRefine((values, ctx) => {
    // The API says so too (lib/server/prompts/template.ts); unknown columns are left to it, which knows them.
    if (values.prompt.template.trim() === "") ctx.addIssue({ code: "custom", path: ["prompt", "template"], message: "The prompt template is empty." });
    if (values.outputShape === "labels") {
      const parsed = labelsSchema.safeParse(values.labels);
      if (!parsed.success) ctx.addIssue({ code: "custom", path: ["labels"], message: parsed.error.issues[0]?.message ?? "The labels are not valid." });
    }
    if (values.outputShape === "json") {
      const { problem } = outputSchemaTextProblem(values.outputSchemaText);
      if (problem) ctx.addIssue({ code: "custom", path: ["outputSchemaText"], message: `The output schema is not valid JSON Schema: ${problem}` });
    }
  });

export type RunFormInput = z.input<typeof runFormSchema>;
export type RunFormOutput = z.output<typeof runFormSchema>;

/** A fresh form: the API's defaults, shown as values rather than hidden behind placeholders. */
export function defaultRunFormValues(): RunFormInput {
  return {
    prompt: { template: "", system: "" },
    model: RUN_DEFAULTS.model,
    providerId: "",
    sampleSize: RUN_DEFAULTS.sampleSize,
    batchSize: RUN_DEFAULTS.batchSize,
    concurrency: RUN_DEFAULTS.concurrency,
    delayMs: RUN_DEFAULTS.delayMs,
    maxRetries: RUN_DEFAULTS.maxRetries,
    errorThreshold: RUN_DEFAULTS.errorThreshold,
    budgetUsd: null,
    maxTokens: null,
    priority: RUN_DEFAULTS.priority,
    minInputChars: RUN_DEFAULTS.minInputChars,
    useCache: RUN_DEFAULTS.useCache,
    outputShape: "text",
    labels: [],
    outputSchemaText: STARTER_OUTPUT_SCHEMA,
  };
}

/** The sample run the valid form starts. Only the chosen shape's part is sent. */
export function toCreateRunInput(values: RunFormOutput, datasetId: string): CreateRunInput {
  const { outputShape, labels, outputSchemaText, prompt, providerId, ...settings } = values;
  const system = prompt.system?.trim();
  return {
    ...settings,
    ...(providerId ? { providerId } : {}),
    datasetId,
    kind: "sample",
    prompt: system ? { template: prompt.template, system } : { template: prompt.template },
    labels: outputShape === "labels" ? labels.map((label) => label.trim()) : undefined,
    outputSchema: outputShape === "json" ? (outputSchemaTextProblem(outputSchemaText).schema ?? undefined) : undefined,
  };
}

/** The form filled with a run's settings and provider: "Edit and run again". */
export function runToFormValues(settings: RunSettings, providerId = ""): RunFormInput {
  const defaults = defaultRunFormValues();
  const outputShape: OutputShape = settings.labels ? "labels" : settings.outputSchema ? "json" : "text";
  return {
    ...defaults,
    prompt: { template: settings.prompt.template, system: settings.prompt.system ?? "" },
    model: settings.model,
    providerId,
    sampleSize: settings.sampleSize ?? defaults.sampleSize,
    batchSize: settings.batchSize,
    concurrency: settings.concurrency,
    delayMs: settings.delayMs,
    maxRetries: settings.maxRetries,
    errorThreshold: settings.errorThreshold,
    budgetUsd: settings.budgetUsd,
    maxTokens: settings.maxTokens,
    priority: settings.priority,
    minInputChars: settings.minInputChars,
    useCache: settings.useCache,
    outputShape,
    labels: settings.labels ?? [],
    outputSchemaText: settings.outputSchema ? JSON.stringify(settings.outputSchema, null, 2) : defaults.outputSchemaText,
  };
}

// A draft is what someone was typing: any field may be missing, half-typed or from an older form.
// Each is kept when it has the right type and dropped (back to its default) when not.
const optionalNumber = z.number().nullable().optional().catch(undefined);
const draftValuesSchema = z.object({
  prompt: z.object({ template: z.string().catch(""), system: z.string().nullish().catch("") }).optional().catch(undefined),
  model: z.string().optional().catch(undefined),
  providerId: z.string().optional().catch(undefined),
  sampleSize: optionalNumber,
  batchSize: optionalNumber,
  concurrency: optionalNumber,
  delayMs: optionalNumber,
  maxRetries: optionalNumber,
  errorThreshold: optionalNumber,
  budgetUsd: optionalNumber,
  maxTokens: optionalNumber,
  priority: optionalNumber,
  minInputChars: optionalNumber,
  useCache: z.boolean().optional().catch(undefined),
  outputShape: z.enum(OUTPUT_SHAPES).optional().catch(undefined),
  labels: z.array(z.string()).optional().catch(undefined),
  outputSchemaText: z.string().optional().catch(undefined),
});

/** A saved draft as form values: what it holds over the defaults. */
export function draftToFormValues(saved: unknown): RunFormInput {
  const defaults = defaultRunFormValues();
  const parsed = draftValuesSchema.safeParse(saved);
  if (!parsed.success) return defaults;
  const kept = Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined)) as Partial<RunFormInput>;
  return { ...defaults, ...kept, prompt: { ...defaults.prompt, ...kept.prompt } };
}

const API_FIELD_ALIASES: Record<string, string> = {
  template: "prompt.template",
  prompt: "prompt.template",
  system: "prompt.system",
  outputSchema: "outputSchemaText",
};

/** The form field that shows the API's `error.field` ("prompt.template", "batchSize", …), or null. */
export function formFieldFromApi(field: string | undefined): string | null {
  if (!field) return null;
  const path = API_FIELD_ALIASES[field] ?? field;
  const root = path.split(".")[0] ?? path;
  return root in defaultRunFormValues() ? path : null;
}

/** Fields inside the collapsed "Advanced" section: an error there opens it. */
export const ADVANCED_FIELDS = ["batchSize", "concurrency", "delayMs", "maxRetries", "errorThreshold", "budgetUsd", "maxTokens", "priority"] as const;
