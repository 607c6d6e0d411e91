// The checks an output schema must pass, shared by the server (before a run starts) and the run form's
// JSON schema editor (as the person types), so both refuse the same schema with the same words.
import { Ajv, type SchemaObject } from "ajv";

export type SchemaCheck = { ok: true; schema: SchemaObject } | { ok: false; message: string };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : typeof value;
}

/**
 * ajv settings for output schemas: strict: false accepts annotation keywords ajv does not know (e.g.
 * OpenAPI's "nullable"); formats are not checked because OpenAI does not guarantee them.
 */
export function createSchemaAjv(): Ajv {
  return new Ajv({ allErrors: true, strict: false, validateFormats: false });
}

/** $schema would make ajv look up a meta-schema it may not have, and a repeated $id clashes across runs. */
export function compilableSchema(schema: SchemaObject): SchemaObject {
  const { $schema: _dialect, $id: _id, ...compilable } = schema;
  return compilable;
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

/** The schema ready to validate answers with, or what is wrong with it. `compile` throws on a schema ajv refuses. */
export function checkSchemaWith(schema: unknown, compile: (schema: SchemaObject) => void): SchemaCheck {
  if (!isRecord(schema)) return { ok: false, message: `it must be a JSON object, not ${describe(schema)}.` };
  if (schema.type !== "object") {
    return { ok: false, message: `its root must be {"type": "object"} for structured outputs, not ${JSON.stringify(schema.type ?? null)}.` };
  }
  try {
    compile(schema);
  } catch (err) {
    // ajv names the place: "data/properties/age/type must be equal to one of the allowed values".
    return { ok: false, message: (err instanceof Error ? err.message : String(err)).replace(/^schema is invalid: /, "") };
  }
  const problem = strictProblem(schema, "");
  return problem ? { ok: false, message: `${problem} Strict structured outputs require it.` } : { ok: true, schema };
}

let browserAjv: Ajv | null = null;

/**
 * For the form's editor: the text parsed and checked, with the message the API would give (after
 * "The output schema is not valid JSON Schema: "), or null when it is usable. A fresh ajv per check
 * would recompile its meta-schema on every key; one shared ajv forgets each schema after checking it.
 */
export function outputSchemaTextProblem(text: string): { schema: Record<string, unknown> | null; problem: string | null } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { schema: null, problem: `it is not valid JSON (${err instanceof Error ? err.message : String(err)}).` };
  }
  const ajv = (browserAjv ??= createSchemaAjv());
  const check = checkSchemaWith(parsed, (schema) => {
    const validate = ajv.compile(compilableSchema(schema));
    ajv.removeSchema(validate.schema);
  });
  return check.ok ? { schema: check.schema, problem: null } : { schema: null, problem: check.message };
}

/** The top-level fields of a usable schema: the columns its answers add to tables and exports. */
export function outputSchemaFields(schema: Record<string, unknown>): string[] {
  return isRecord(schema.properties) ? Object.keys(schema.properties) : [];
}
