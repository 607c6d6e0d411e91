// Stream settings: defaults, bounds and the one schema shared by the create-stream form and POST /api/streams.
import { z } from "zod";
import { RUN_DEFAULTS, RUN_LIMITS } from "@/lib/shared/run-settings";

export const STREAM_DEFAULTS = {
  maxBatchSize: 20,
  maxWaitMs: 2_000,
  concurrency: 10,
  maxRetries: RUN_DEFAULTS.maxRetries,
  errorThreshold: 0.5,
  priority: 0,
} as const;

export const STREAM_LIMITS = {
  maxBatchSize: { min: 1, max: 100 },
  maxWaitMs: { min: 0, max: 60_000 },
  fields: { min: 1, max: 50 },
  /** Items one POST /api/streams/:id/items may carry. */
  itemsPerRequest: { min: 1, max: 1_000 },
  keyLength: 255,
  fieldName: 64,
} as const;

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_ .-]*$/;

const int = (name: string, min: number, max: number) =>
  z
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);

/** The settings a stream has, without defaults: shared by creation (which adds them) and PATCH (which must not). */
const settings = {
  maxBatchSize: int("maxBatchSize", STREAM_LIMITS.maxBatchSize.min, STREAM_LIMITS.maxBatchSize.max),
  maxWaitMs: int("maxWaitMs", STREAM_LIMITS.maxWaitMs.min, STREAM_LIMITS.maxWaitMs.max),
  concurrency: int("concurrency", RUN_LIMITS.concurrency.min, RUN_LIMITS.concurrency.max),
  maxRetries: int("maxRetries", RUN_LIMITS.maxRetries.min, RUN_LIMITS.maxRetries.max),
  errorThreshold: z.number({ error: "errorThreshold must be a number" }).gt(0, "errorThreshold must be above 0").max(1, "errorThreshold is a share: at most 1"),
  priority: int("priority", RUN_LIMITS.priority.min, RUN_LIMITS.priority.max),
  dailyBudgetUsd: z
    .number({ error: "dailyBudgetUsd must be a number" })
    .min(RUN_LIMITS.budgetUsd.min, "dailyBudgetUsd must be at least 0.000001 (one micro-dollar)")
    .max(RUN_LIMITS.budgetUsd.max, "dailyBudgetUsd must be at most 1,000,000")
    .nullish(),
  webhookUrl: z
    .url({ protocol: /^https?$/, error: "webhookUrl must be an http or https URL" })
    .max(2_000, "webhookUrl is longer than 2,000 characters")
    .nullish(),
};

const name = z.string().trim().min(1, "name is required").max(120, "name is longer than 120 characters");

export const createStreamSchema = z.object({
  name,
  fields: z
    .array(
      z
        .string()
        .trim()
        .min(1, "a field name is empty")
        .max(STREAM_LIMITS.fieldName, `a field name is longer than ${STREAM_LIMITS.fieldName} characters`)
        .regex(FIELD_NAME, "a field name starts with a letter or _ and holds letters, digits, _, -, . or spaces"),
    )
    .min(STREAM_LIMITS.fields.min, "declare at least one field")
    .max(STREAM_LIMITS.fields.max, `at most ${STREAM_LIMITS.fields.max} fields`)
    .refine((fields) => new Set(fields).size === fields.length, "field names must be unique"),
  prompt: z.object({
    template: z.string().max(20_000, "the prompt template is longer than 20,000 characters"),
    system: z.string().max(20_000).nullish(),
  }),
  model: z.string().min(1).default(RUN_DEFAULTS.model),
  outputSchema: z.record(z.string(), z.unknown()).nullish(),
  maxBatchSize: settings.maxBatchSize.default(STREAM_DEFAULTS.maxBatchSize),
  maxWaitMs: settings.maxWaitMs.default(STREAM_DEFAULTS.maxWaitMs),
  concurrency: settings.concurrency.default(STREAM_DEFAULTS.concurrency),
  maxRetries: settings.maxRetries.default(STREAM_DEFAULTS.maxRetries),
  errorThreshold: settings.errorThreshold.default(STREAM_DEFAULTS.errorThreshold),
  dailyBudgetUsd: settings.dailyBudgetUsd,
  priority: settings.priority.default(STREAM_DEFAULTS.priority),
  webhookUrl: settings.webhookUrl,
});

export type CreateStreamInput = z.infer<typeof createStreamSchema>;
/** What a client sends: settings with defaults may be left out. */
export type CreateStreamBody = z.input<typeof createStreamSchema>;

/** PATCH /api/streams/:id: what may change on a standing stream (its prompt and fields stay as its items were made with); absent means unchanged. */
export const changeStreamSchema = z.object({ name, ...settings }).partial().strict();

export type ChangeStreamInput = z.infer<typeof changeStreamSchema>;

const cell = z.union([z.string(), z.number(), z.boolean(), z.null()], { error: "a field value must be a string, number, boolean or null" });

/** POST /api/streams/:id/items */
export const streamItemsSchema = z
  .object({
    items: z
      .array(
        z
          .object({
            key: z.string().min(1, "key must not be empty").max(STREAM_LIMITS.keyLength, `key is longer than ${STREAM_LIMITS.keyLength} characters`).optional(),
            data: z.record(z.string(), cell, { error: "data must be an object of field values" }),
          })
          .strict(),
        { error: "items must be an array" },
      )
      .min(STREAM_LIMITS.itemsPerRequest.min, "send at least one item")
      .max(STREAM_LIMITS.itemsPerRequest.max, `at most ${STREAM_LIMITS.itemsPerRequest.max} items per request`),
  })
  .strict();

export type StreamItemsInput = z.infer<typeof streamItemsSchema>;
