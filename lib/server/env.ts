// The only reader of process.env. Validated once; empty strings count as unset.
import "server-only";
import { DEFAULT_DATABASE_URL } from "./database-url";
import { z } from "zod";

const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const number = (fallback: number) => z.preprocess(emptyAsUndefined, z.coerce.number().finite().min(0).default(fallback));
const positiveInt = (fallback: number) => z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(fallback));
const httpUrl = z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional());

const envSchema = z.object({
  NODE_ENV: z.preprocess(emptyAsUndefined, z.enum(["development", "production", "test"]).default("development")),
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).default(3000)),
  /** `file:./rel.db` (from the project root), `file:/abs.db` or `postgres://…` */
  DATABASE_URL: z.preprocess(emptyAsUndefined, z.string().default(DEFAULT_DATABASE_URL)),

  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString,
  /** The endpoint's known limits, to pace from the first request; 0 learns them from x-ratelimit-* headers. */
  /** Per-request timeout for model calls; a call that takes longer fails with kind "timeout". */
  OPENAI_TIMEOUT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(100).default(60_000)),
  OPENAI_RATE_LIMIT_RPM: number(0),
  OPENAI_RATE_LIMIT_TPM: number(0),
  /** Where the app can reach itself, for the built-in simulator. Defaults to loopback on PORT. */
  APP_URL: httpUrl,

  SIMULATOR_LATENCY_MS: number(40),
  SIMULATOR_FAILURE_RATE: z.preprocess(emptyAsUndefined, z.coerce.number().min(0).max(1).default(0)),
  SIMULATOR_RATE_LIMIT_RPM: number(0),
  SIMULATOR_RATE_LIMIT_TPM: number(0),

  INNGEST_DEV: optionalString,
  INNGEST_EVENT_KEY: optionalString,
  INNGEST_SIGNING_KEY: optionalString,
  INNGEST_BASE_URL: optionalString,
  /** The public origin Inngest calls this app at (https://batchwise.example.com). Never taken from request headers. */
  INNGEST_SERVE_ORIGIN: httpUrl,

  /** JSON request bodies larger than this are refused with 413 before they are read whole. */
  JSON_BODY_MAX_BYTES: positiveInt(1024 * 1024),

  /** Upload limits. Going past one rejects the upload (413 for bytes, 422 for the rest); nothing is truncated. */
  DATASET_MAX_BYTES: positiveInt(100 * 1024 * 1024),
  DATASET_MAX_ROWS: positiveInt(1_000_000),
  DATASET_MAX_COLUMNS: positiveInt(500),
  DATASET_MAX_CELL_BYTES: positiveInt(100 * 1024),

  /** Signs and encrypts sessions. Unset: generated once into the data directory (lib/server/auth/secret.ts). */
  BETTER_AUTH_SECRET: optionalString,
  /** The public origin people sign in at (https://batchwise.example.com): cookies are Secure when it is https. Unset: taken from each request, cookies not Secure. */
  BETTER_AUTH_URL: httpUrl,
  /** Where a generated auth secret is kept; defaults to the SQLite file's directory, or .data/ with PostgreSQL. */
  BATCHWISE_DATA_DIR: optionalString,
  /** Encrypts provider API keys at rest (AES-256-GCM). Unset: generated once into the data directory (lib/server/providers/secret-box.ts). */
  BATCHWISE_SECRET_KEY: optionalString,

  /** Log each batch's progress line (on by default; tests turn it off to keep output short). */
  BATCHWISE_LOG: z.preprocess(emptyAsUndefined, z.enum(["1", "0"]).default("1")),
});

export type Env = z.infer<typeof envSchema>;

function readEnv(): Env {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}

export const env: Env = readEnv();

/** Inngest executes runs when a Dev Server or Inngest keys are configured; otherwise the local executor does. */
export const inngestConfigured = Boolean(env.INNGEST_DEV || (env.INNGEST_EVENT_KEY && env.INNGEST_SIGNING_KEY));

/** Where the server reaches itself (the simulator, a Dev Server's calls): loopback on PORT unless APP_URL says otherwise. */
export const appUrl = (env.APP_URL ?? `http://127.0.0.1:${env.PORT}`).replace(/\/+$/, "");

/** The keys this server holds: redacted from every error it stores or serves (lib/server/redact-secrets.ts). */
export const configuredSecrets: readonly string[] = [env.OPENAI_API_KEY, env.INNGEST_SIGNING_KEY, env.INNGEST_EVENT_KEY, env.BETTER_AUTH_SECRET, env.BATCHWISE_SECRET_KEY].filter(
  (value): value is string => Boolean(value),
);

/** No API key: every model call goes to the built-in simulator. */
export const usingSimulator = !env.OPENAI_API_KEY;
