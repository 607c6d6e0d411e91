// Run settings: defaults, bounds and the one schema shared by the form and POST /api/runs.
import { z } from "zod";
import { labelsSchema } from "@/lib/shared/labels";

export const RUN_DEFAULTS = {
  model: "gpt-4o-mini",
  batchSize: 20,
  concurrency: 5,
  delayMs: 0,
  maxRetries: 2,
  errorThreshold: 0.1,
  sampleSize: 50,
  priority: 0,
  /** Rows whose filled-in values have fewer characters are not sent (0 sends even empty rows). */
  minInputChars: 1,
  /** Reuse answers of earlier runs for the same request (the response cache). */
  useCache: true,
  /** Every item its own call; "batch" sends the run through the Batch API at half price. */
  mode: "sync",
  /** Batch mode: retry passes are sent synchronously unless this keeps them on the Batch API. */
  batchApiRetries: false,
} as const;

/** How a run's items are sent: one call each, or OpenAI's Batch API (half price, results within 24 h). */
export const RUN_MODES = ["sync", "batch"] as const;
export type RunMode = (typeof RUN_MODES)[number];

export const RUN_LIMITS = {
  batchSize: { min: 1, max: 500 },
  concurrency: { min: 1, max: 100 },
  delayMs: { min: 0, max: 3_600_000 },
  maxRetries: { min: 0, max: 5 },
  sampleSize: { min: 1, max: 1_000 },
  priority: { min: -100, max: 100 },
  minInputChars: { min: 0, max: 10_000 },
  maxTokens: { min: 1, max: 128_000 },
  /** Costs are kept in micro-dollars, so a smaller budget would round to nothing. */
  budgetUsd: { min: 0.000001, max: 1_000_000 },
} as const;

type IntSetting = Exclude<keyof typeof RUN_LIMITS, "budgetUsd">;

const int = (name: IntSetting) =>
  z
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(RUN_LIMITS[name].min, `${name} must be at least ${RUN_LIMITS[name].min}`)
    .max(RUN_LIMITS[name].max, `${name} must be at most ${RUN_LIMITS[name].max}`);

export const createRunSchema = z.object({
  datasetId: z.string().min(1, "datasetId is required"),
  kind: z.enum(["sample", "full"], { error: 'kind must be "sample" or "full"' }),
  sampleSize: int("sampleSize").optional(),
  prompt: z.object({
    template: z.string().max(20_000, "the prompt template is longer than 20,000 characters"),
    system: z.string().max(20_000).nullish(),
  }),
  model: z.string().min(1, "Choose a model.").default(RUN_DEFAULTS.model),
  /** "default" (the OPENAI_* settings), "simulator", or a provider's id; unset: the default, or the simulator without a key. */
  providerId: z.string().min(1, "providerId must not be empty").max(100).nullish(),
  outputSchema: z.record(z.string(), z.unknown()).nullish(),
  /** Labels as the output shape: the answer must be one of them (lib/shared/labels.ts). Not with outputSchema. */
  labels: labelsSchema.nullish(),
  /** Sent as max_tokens: the longest answer a request may get, and then the budget check's worst case. */
  maxTokens: int("maxTokens").nullish(),
  batchSize: int("batchSize").default(RUN_DEFAULTS.batchSize),
  concurrency: int("concurrency").default(RUN_DEFAULTS.concurrency),
  delayMs: int("delayMs").default(RUN_DEFAULTS.delayMs),
  maxRetries: int("maxRetries").default(RUN_DEFAULTS.maxRetries),
  errorThreshold: z
    .number({ error: "errorThreshold must be a number" })
    .gt(0, "errorThreshold must be above 0")
    .max(1, "errorThreshold is a share: at most 1")
    .default(RUN_DEFAULTS.errorThreshold),
  budgetUsd: z
    .number({ error: "budgetUsd must be a number" })
    .min(RUN_LIMITS.budgetUsd.min, "budgetUsd must be at least 0.000001 (one micro-dollar)")
    .max(RUN_LIMITS.budgetUsd.max, "budgetUsd must be at most 1,000,000")
    .nullish(),
  priority: int("priority").default(RUN_DEFAULTS.priority),
  sourceRunId: z.string().nullish(),
  minInputChars: int("minInputChars").default(RUN_DEFAULTS.minInputChars),
  useCache: z.boolean({ error: "useCache must be true or false" }).default(RUN_DEFAULTS.useCache),
  mode: z.enum(RUN_MODES, { error: 'mode must be "sync" or "batch"' }).default(RUN_DEFAULTS.mode),
  batchApiRetries: z.boolean({ error: "batchApiRetries must be true or false" }).default(RUN_DEFAULTS.batchApiRetries),
});

export type CreateRunInput = z.infer<typeof createRunSchema>;
/** What a caller may send: defaults not filled in yet. */
export type CreateRunRequest = z.input<typeof createRunSchema>;

/**
 * A run answers in one shape: free text, one of its labels, or an object of its output schema.
 * Checked beside the schema (by the API and the form) so createRunSchema stays a plain object others extend.
 */
export function outputShapeProblem(input: { labels?: readonly string[] | null; outputSchema?: unknown }): { field: "labels"; message: string } | null {
  if (input.labels && input.outputSchema) {
    return { field: "labels", message: "labels and outputSchema cannot be used together: a run answers with one of its labels or with an object of its schema." };
  }
  return null;
}

const errorThresholdSetting = z
  .number({ error: "errorThreshold must be a number" })
  .gt(0, "errorThreshold must be above 0")
  .max(1, "errorThreshold is a share: at most 1");

const budgetSetting = z
  .number({ error: "budgetUsd must be a number" })
  .min(RUN_LIMITS.budgetUsd.min, "budgetUsd must be at least 0.000001 (one micro-dollar)")
  .max(RUN_LIMITS.budgetUsd.max, "budgetUsd must be at most 1,000,000");

/** `PATCH /api/runs/:id` (only while paused): the budget (null: no cap) and the breaker's threshold. */
export const changeRunSchema = z
  .object({ budgetUsd: budgetSetting.nullable().optional(), errorThreshold: errorThresholdSetting.optional() })
  .strict();

/** `POST /api/runs/:id/resume` (optional body): the same changes, made as the run resumes, and the breaker off for this pass. */
export const resumeRunSchema = changeRunSchema
  .extend({ ignoreBreakerThisPass: z.boolean({ error: "ignoreBreakerThisPass must be true or false" }).optional() })
  .strict();

export type ChangeRunInput = z.infer<typeof changeRunSchema>;
export type ResumeRunInput = z.infer<typeof resumeRunSchema>;
