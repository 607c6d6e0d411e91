// Providers and prices: the schemas shared by the settings form and /api/providers.
import { z } from "zod";

/** Ids of the two providers that are not rows: the environment's OPENAI_* endpoint and the built-in simulator. */
export const DEFAULT_PROVIDER_ID = "default";
export const SIMULATOR_PROVIDER_ID = "simulator";
export const BUILT_IN_PROVIDER_NAMES: Readonly<Record<string, string>> = { [DEFAULT_PROVIDER_ID]: "Default (environment)", [SIMULATOR_PROVIDER_ID]: "Simulator" };

export const PROVIDER_LIMITS = {
  name: { max: 80 },
  apiKey: { max: 1_000 },
  /** Requests and tokens per minute. */
  rpm: { max: 1_000_000 },
  tpm: { max: 1_000_000_000 },
  /** USD per 1M tokens: well above any list price, low enough to catch a price typed per token by mistake. */
  pricePerMillion: { max: 10_000 },
} as const;

const name = z
  .string({ error: "name is required" })
  .trim()
  .min(1, "name is required")
  .max(PROVIDER_LIMITS.name.max, `name must be at most ${PROVIDER_LIMITS.name.max} characters`);

const baseUrl = z
  .string({ error: "baseUrl is required" })
  .trim()
  .pipe(z.url({ protocol: /^https?$/, error: "baseUrl must be an http(s) URL, such as https://api.openai.com/v1" }))
  .transform((url) => url.replace(/\/+$/, ""));

const apiKey = z
  .string({ error: "apiKey must be text" })
  .trim()
  .min(1, "apiKey must not be empty (leave it out for an endpoint without one)")
  .max(PROVIDER_LIMITS.apiKey.max, `apiKey must be at most ${PROVIDER_LIMITS.apiKey.max} characters`);

const limit = (field: "rpm" | "tpm") =>
  z
    .number({ error: `${field} must be a number` })
    .int(`${field} must be a whole number`)
    .min(1, `${field} must be at least 1 (leave it empty to learn it from the endpoint)`)
    .max(PROVIDER_LIMITS[field].max, `${field} must be at most ${PROVIDER_LIMITS[field].max.toLocaleString("en-US")}`)
    .nullish();

export const createProviderSchema = z.object({
  name,
  baseUrl,
  apiKey: apiKey.nullish(),
  rpm: limit("rpm"),
  tpm: limit("tpm"),
  batchApi: z.boolean({ error: "batchApi must be true or false" }).default(false),
});
export type CreateProviderInput = z.input<typeof createProviderSchema>;

/** Every field optional; apiKey null removes the key, left out keeps it. */
export const updateProviderSchema = createProviderSchema.partial().extend({
  batchApi: z.boolean({ error: "batchApi must be true or false" }).optional(),
});
export type UpdateProviderInput = z.input<typeof updateProviderSchema>;

const perMillion = (field: string) =>
  z
    .number({ error: `${field} must be a number (USD per 1M tokens)` })
    .min(0, `${field} must be at least 0`)
    .max(PROVIDER_LIMITS.pricePerMillion.max, `${field} must be at most ${PROVIDER_LIMITS.pricePerMillion.max} USD per 1M tokens`);

export const modelPriceSchema = z
  .object({
    input: perMillion("input"),
    /** Unset: the same as input (no cache discount). */
    cachedInput: perMillion("cachedInput").optional(),
    output: perMillion("output"),
    batchDiscount: z
      .number({ error: "batchDiscount must be a number" })
      .min(0, "batchDiscount is a share taken off: at least 0")
      .max(1, "batchDiscount is a share taken off: at most 1")
      .default(0.5),
  })
  .transform((price) => ({ ...price, cachedInput: price.cachedInput ?? price.input }));
export type ModelPriceInput = z.input<typeof modelPriceSchema>;
