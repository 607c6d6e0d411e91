// The simulator's answers: deterministic per model + messages, and shaped by the requested response format.
import "server-only";
import { createHash } from "node:crypto";
import { estimateTokens } from "./pricing";
import type { SimChatRequest } from "./simulator-request";

/** Words of the prompt echoed in a text answer, so a reviewer can tell rows apart. */
const ECHOED_WORDS = 8;
const HASH_CHARS = 6;
// OpenAI's cookbook counts about 3 tokens of framing per message and 3 to prime the reply.
const TOKENS_PER_MESSAGE = 3;
const TOKENS_REPLY_PRIMING = 3;
/** Nested schemas deeper than this (recursive $refs) end in null or an empty value. */
const MAX_SCHEMA_DEPTH = 8;
const DEFAULT_ARRAY_ITEMS = 2;
const DEFAULT_NUMBER_SPAN = 100;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = Record<string, unknown>;

interface Context {
  root: Schema;
  hash: string;
  summary: string;
}

export function requestHash(request: SimChatRequest): string {
  return createHash("sha256").update(JSON.stringify([request.model, request.messages])).digest("hex");
}

// FNV-1a: cheap per-field numbers derived from the request hash, so fields vary but never between calls.
function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function isRecord(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function num(schema: Schema, key: string): number | undefined {
  const value = schema[key];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function resolveRef(ref: string, root: Schema): unknown {
  if (!ref.startsWith("#")) return undefined;
  return ref
    .slice(1)
    .split("/")
    .filter(Boolean)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, part) => (isRecord(node) ? node[part] : undefined), root);
}

// "nullable" and ["string", "null"] both mean: any non-null type will do, and a real value is more useful.
function pickType(schema: Schema): string | undefined {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const named = types.filter((t): t is string => typeof t === "string");
  const chosen = named.find((t) => t !== "null") ?? named[0];
  if (chosen) return chosen;
  if (isRecord(schema.properties)) return "object";
  if (schema.items !== undefined) return "array";
  return undefined;
}

function stringFor(schema: Schema, path: string, ctx: Context): string {
  const format = schema.format;
  if (format === "date") return "2024-01-15";
  if (format === "date-time") return "2024-01-15T12:00:00Z";
  if (format === "email") return "simulated@example.com";
  if (format === "uri" || format === "url") return "https://example.com/simulated";
  const field = (path.split(".").pop() ?? "").replace(/\[\d+\]/g, "") || "value";
  let text = path === "" ? ctx.summary : `Simulated ${field} ${ctx.hash.slice(0, HASH_CHARS)}`;
  const min = num(schema, "minLength") ?? 0;
  const max = num(schema, "maxLength");
  if (text.length < min) text = text.padEnd(min, ".");
  return max === undefined ? text : text.slice(0, max);
}

function numberFor(schema: Schema, seed: number, integer: boolean): number {
  const exMin = num(schema, "exclusiveMinimum");
  const exMax = num(schema, "exclusiveMaximum");
  const min = num(schema, "minimum") ?? exMin;
  const max = num(schema, "maximum") ?? exMax;
  let lo = min ?? (max === undefined ? 0 : max - DEFAULT_NUMBER_SPAN);
  let hi = max ?? lo + DEFAULT_NUMBER_SPAN;
  if (integer) {
    lo = min === exMin && exMin !== undefined ? Math.floor(exMin) + 1 : Math.ceil(lo);
    hi = max === exMax && exMax !== undefined ? Math.ceil(exMax) - 1 : Math.floor(hi);
    return hi <= lo ? lo : lo + (seed % (hi - lo + 1));
  }
  // A fraction strictly between 0 and 1 keeps the value inside exclusive bounds too.
  return lo + (((seed % 998) + 1) / 1000) * (hi - lo);
}

function valueFor(node: unknown, path: string, depth: number, ctx: Context): Json {
  if (!isRecord(node) || depth > MAX_SCHEMA_DEPTH) return depth > MAX_SCHEMA_DEPTH ? null : stringFor({}, path, ctx);
  const seed = seedOf(`${ctx.hash}:${path}`);
  if (node.const !== undefined) return node.const as Json;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[seed % node.enum.length] as Json;
  if (typeof node.$ref === "string") return valueFor(resolveRef(node.$ref, ctx.root), path, depth + 1, ctx);
  const options = node.anyOf ?? node.oneOf ?? node.allOf;
  if (Array.isArray(options) && options.length > 0) {
    const nonNull = options.find((o) => !(isRecord(o) && o.type === "null")) ?? options[0];
    return valueFor(nonNull, path, depth + 1, ctx);
  }
  switch (pickType(node)) {
    case "object": {
      const props = isRecord(node.properties) ? node.properties : {};
      const prefix = path === "" ? "" : `${path}.`;
      return Object.fromEntries(Object.entries(props).map(([key, sub]) => [key, valueFor(sub, `${prefix}${key}`, depth + 1, ctx)]));
    }
    case "array": {
      const min = num(node, "minItems") ?? 0;
      const count = Math.min(Math.max(DEFAULT_ARRAY_ITEMS, min), num(node, "maxItems") ?? Infinity);
      return Array.from({ length: count }, (_, i) => valueFor(node.items ?? {}, `${path}[${i}]`, depth + 1, ctx));
    }
    case "integer":
      return numberFor(node, seed, true);
    case "number":
      return numberFor(node, seed, false);
    case "boolean":
      return seed % 2 === 0;
    case "null":
      return null;
    default:
      return stringFor(node, path, ctx);
  }
}

function lastUserText(request: SimChatRequest): string {
  const users = request.messages.filter((m) => m.role === "user");
  return (users[users.length - 1] ?? request.messages[request.messages.length - 1])?.text ?? "";
}

/** The placeholder answer: "Simulated answer 3f2a9c: <first words of the prompt>…". */
export function simulatedText(request: SimChatRequest, hash = requestHash(request)): string {
  const words = lastUserText(request).trim().split(/\s+/).filter(Boolean);
  const echo = words.slice(0, ECHOED_WORDS).join(" ") + (words.length > ECHOED_WORDS ? "…" : "");
  return `Simulated answer ${hash.slice(0, HASH_CHARS)}: ${echo}`.trimEnd();
}

/** The message content for a request, conforming to its response_format. */
export function simulatedContent(request: SimChatRequest): string {
  const hash = requestHash(request);
  const summary = simulatedText(request, hash);
  const format = request.responseFormat;
  if (format.type === "json_object") return JSON.stringify({ answer: summary });
  if (format.type === "json_schema") {
    const root = isRecord(format.schema) ? format.schema : {};
    return JSON.stringify(valueFor(root, "", 0, { root, hash, summary }));
  }
  return summary;
}

export function simulatedPromptTokens(request: SimChatRequest): number {
  const messages = request.messages.reduce((sum, m) => sum + TOKENS_PER_MESSAGE + estimateTokens(m.text), 0);
  // A structured-output schema is part of the prompt the model reads, and OpenAI bills it as such.
  const schema = request.responseFormat.type === "json_schema" ? estimateTokens(JSON.stringify(request.responseFormat.schema)) : 0;
  return messages + schema + TOKENS_REPLY_PRIMING;
}
