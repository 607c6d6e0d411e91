// User-supplied output schemas: checked once before a run starts, then used to validate every model answer.
import "server-only";
import { Ajv, type SchemaObject, type ValidateFunction } from "ajv";

export type SchemaCheck = { ok: true; schema: SchemaObject } | { ok: false; message: string };
export type OutputCheck = { ok: true; value: unknown } | { ok: false; message: string };

// A run validates thousands of answers against one schema: compile once per distinct schema text.
const MAX_CACHED_SCHEMAS = 100;
const MAX_REPORTED_PROBLEMS = 3;

// strict: false accepts annotation keywords ajv does not know (e.g. OpenAPI's "nullable");
// formats are not checked because OpenAI does not guarantee them and ajv-formats is not installed.
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const cache = new Map<string, { schema: SchemaObject; validate: ValidateFunction }>();

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : typeof value;
}

function compiled(schema: SchemaObject): ValidateFunction {
  const key = JSON.stringify(schema);
  const hit = cache.get(key);
  if (hit) return hit.validate;
  // $schema would make ajv look up a meta-schema it may not have, and a repeated $id clashes across runs;
  // neither changes which answers are valid.
  const { $schema: _dialect, $id: _id, ...compilable } = schema;
  const validate = ajv.compile(compilable);
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

// OpenAI's strict structured outputs reject, per call, any object without additionalProperties: false
// or with a property missing from "required"; catching that here saves a run of identical 400s.
function strictProblem(node: unknown, path: string): string | undefined {
  if (!isRecord(node)) return undefined;
  const at = path === "" ? "the schema root" : path;
  if (node.type === "object" || isRecord(node.properties)) {
    if (node.additionalProperties !== false) {
      return `${at} needs "additionalProperties": false.`;
    }
    const required = Array.isArray(node.required) ? node.required : [];
    const missing = Object.keys(isRecord(node.properties) ? node.properties : {}).filter((k) => !required.includes(k));
    if (missing.length > 0) {
      return `${at} must list every property in "required" (missing: ${missing.join(", ")}; make optional fields nullable instead).`;
    }
  }
  const children: [string, unknown][] = [];
  const prefix = path === "" ? "" : `${path}.`;
  for (const group of ["properties", "$defs", "definitions"]) {
    const entries = node[group];
    if (isRecord(entries)) children.push(...Object.entries(entries).map(([k, v]): [string, unknown] => [`${prefix}${group}.${k}`, v]));
  }
  if (node.items !== undefined) children.push([`${prefix}items`, node.items]);
  for (const group of ["anyOf", "oneOf", "allOf"]) {
    const options = node[group];
    if (Array.isArray(options)) children.push(...options.map((v, i): [string, unknown] => [`${prefix}${group}[${i}]`, v]));
  }
  for (const [childPath, child] of children) {
    const problem = strictProblem(child, childPath);
    if (problem) return problem;
  }
  return undefined;
}

/** The schema ready for validateOutput, or what is wrong with it. */
export function checkOutputSchema(schema: unknown): SchemaCheck {
  if (!isRecord(schema)) return { ok: false, message: `it must be a JSON object, not ${describe(schema)}.` };
  if (schema.type !== "object") {
    return { ok: false, message: `its root must be {"type": "object"} for structured outputs, not ${JSON.stringify(schema.type ?? null)}.` };
  }
  try {
    compiled(schema);
  } catch (err) {
    // ajv names the place: "data/properties/age/type must be equal to one of the allowed values".
    return { ok: false, message: (err instanceof Error ? err.message : String(err)).replace(/^schema is invalid: /, "") };
  }
  const problem = strictProblem(schema, "");
  return problem ? { ok: false, message: `${problem} Strict structured outputs require it.` } : { ok: true, schema };
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
