// User-supplied output schemas: checked once before a run starts, then used to validate every model answer.
import "server-only";
import type { SchemaObject, ValidateFunction } from "ajv";
import { checkSchemaWith, compilableSchema, createSchemaAjv, type SchemaCheck } from "@/lib/shared/output-schema-rules";

export type { SchemaCheck };
export type OutputCheck = { ok: true; value: unknown } | { ok: false; message: string };

// A run validates thousands of answers against one schema: compile once per distinct schema text.
const MAX_CACHED_SCHEMAS = 100;
const MAX_REPORTED_PROBLEMS = 3;

const ajv = createSchemaAjv();
const cache = new Map<string, { schema: SchemaObject; validate: ValidateFunction }>();

function compiled(schema: SchemaObject): ValidateFunction {
  const key = JSON.stringify(schema);
  const hit = cache.get(key);
  if (hit) return hit.validate;
  const validate = ajv.compile(compilableSchema(schema));
  if (cache.size >= MAX_CACHED_SCHEMAS) {
    const [oldestKey, oldest] = cache.entries().next().value ?? [];
    if (oldestKey !== undefined && oldest) {
      cache.delete(oldestKey);
      ajv.removeSchema(oldest.validate.schema); // ajv keeps its own reference to every compiled schema
    }
  }
  cache.set(key, { schema, validate });
  return validate;
}

/** The schema ready for validateOutput, or what is wrong with it (the rules: lib/shared/output-schema-rules.ts). */
export function checkOutputSchema(schema: unknown): SchemaCheck {
  return checkSchemaWith(schema, (s) => compiled(s));
}

/**
 * For the run-creation API: null when the user's schema is usable, else a message that reads after
 * "The output schema is not valid JSON Schema: " and names the place.
 */
export function validateOutputSchema(schema: unknown): string | null {
  const check = checkOutputSchema(schema);
  return check.ok ? null : check.message;
}

/** Parses and validates a model answer; never throws, whatever the model wrote. */
export function validateOutput(schema: SchemaObject, text: string): OutputCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { ok: false, message: `The answer is not valid JSON (${reason}): ${text.slice(0, 80)}` };
  }
  const validate = compiled(schema);
  if (validate(value)) return { ok: true, value };
  const problems = (validate.errors ?? [])
    .slice(0, MAX_REPORTED_PROBLEMS)
    .map((e) => `${e.instancePath || "(root)"} ${e.message ?? "is invalid"}`)
    .join("; ");
  return { ok: false, message: `The answer does not match the output schema: ${problems}` };
}
