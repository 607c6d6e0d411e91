// The simulator's answers. Deterministic per model, messages and seed, and meaningful enough to compare
// models on: every model starts from the same "truth" for a row (derived from the rendered user message,
// the task and the seed), and a cheaper model departs from it on its documented share of rows
// (simulator-models.ts). Labels answer one of the labels the system message lists; a JSON schema gets a
// valid object; free text is a short sentence drawn from the input.
import "server-only";
import { createHash } from "node:crypto";
import { labelsFromInstruction, normaliseLabel } from "@/lib/shared/labels";
import { estimateTokens } from "./pricing";
import { simulatedModelId, simulatedModelProfile, type SimulatedModelProfile } from "./simulator-models";
import type { SimChatRequest } from "./simulator-request";

// OpenAI's cookbook counts about 3 tokens of framing per message and 3 to prime the reply.
const TOKENS_PER_MESSAGE = 3;
const TOKENS_REPLY_PRIMING = 3;
/** Nested schemas deeper than this (recursive $refs) end in null or an empty value. */
const MAX_SCHEMA_DEPTH = 8;
const DEFAULT_ARRAY_ITEMS = 2;
const DEFAULT_NUMBER_SPAN = 100;
/** Words of the input a string field of a JSON answer quotes. */
const FIELD_PHRASE_WORDS = { min: 2, spread: 4 };
const UINT32 = 2 ** 32;
const FREE_TEXT_OPENERS = ["In short, ", "This is about ", "The main point: ", "Summary: "];
const FREE_TEXT_FOLLOW_UP = "It also mentions ";
const NOTHING_TO_SAY = "No details were given";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = Record<string, unknown>;

interface Context {
  root: Schema;
  /** The row's truth: the same for every model. */
  hash: string;
  summary: string;
  /** The rendered user message: an enum of labels follows its tone like a label answer does. */
  text: string;
  words: string[];
  /** The one leaf this model gets wrong on this row, if any. */
  perturb?: string;
  /** Filled while walking: leaves whose value could be answered differently. */
  leaves?: string[];
}

function sha256(parts: unknown[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

/** The row's truth key: what the row says (the rendered user message), what is asked (labels or schema) and the seed. */
export function truthHash(request: SimChatRequest): string {
  const format = request.responseFormat;
  const task = format.type === "json_schema" ? format.schema : format.type === "json_object" ? "json" : (requestedLabels(request) ?? "text");
  return sha256([lastUserText(request), task, request.seed ?? 0]);
}

/** Whether this model departs from the truth on this row: a fixed draw per model and row, against its share. */
export function disagreesOnRow(model: string, truth: string, profile: SimulatedModelProfile = simulatedModelProfile(model)): boolean {
  if (profile.disagreement <= 0) return false;
  const draw = parseInt(sha256([simulatedModelId(model), truth]).slice(0, 8), 16) / UINT32;
  return draw < profile.disagreement;
}

function requestedLabels(request: SimChatRequest): string[] | null {
  for (const message of request.messages) {
    if (message.role !== "system" && message.role !== "developer") continue;
    const labels = labelsFromInstruction(message.text);
    if (labels && labels.length > 0) return labels;
  }
  return null;
}

// FNV-1a: cheap per-field numbers derived from the truth, so fields vary but never between calls.
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

/** Some words of the input, from a position the seed picks. */
function phraseFrom(words: readonly string[], seed: number, count: number): string {
  if (words.length === 0) return NOTHING_TO_SAY.toLowerCase();
  const start = words.length <= count ? 0 : seed % (words.length - count + 1);
  return words.slice(start, start + count).join(" ");
}

function stringFor(schema: Schema, path: string, ctx: Context, seed: number, wrong: boolean): string {
  const format = schema.format;
  if (format === "date") return wrong ? "2024-02-20" : "2024-01-15";
  if (format === "date-time") return wrong ? "2024-02-20T08:30:00Z" : "2024-01-15T12:00:00Z";
  if (format === "email") return wrong ? "someone@example.com" : "simulated@example.com";
  if (format === "uri" || format === "url") return wrong ? "https://example.org/other" : "https://example.com/simulated";
  let text = path === "" ? ctx.summary : phraseFrom(ctx.words, seed, FIELD_PHRASE_WORDS.min + (seed % FIELD_PHRASE_WORDS.spread));
  // A wrong answer quotes another part of the input, or says it is unsure when there is no other part.
  if (wrong) {
    const other = phraseFrom(ctx.words, seed + 7, FIELD_PHRASE_WORDS.min + 1);
    text = other.toLowerCase() === text.toLowerCase() ? `unclear ${text}` : other;
  }
  const min = num(schema, "minLength") ?? 0;
  const max = num(schema, "maxLength");
  if (text.length < min) text = text.padEnd(min, ".");
  return max === undefined ? text : text.slice(0, max);
}

/** A number in the schema's range; `shift` moves it to another value of the range (a wrong answer). */
function numberFor(schema: Schema, seed: number, integer: boolean, shift: number): number {
  const exMin = num(schema, "exclusiveMinimum");
  const exMax = num(schema, "exclusiveMaximum");
  const min = num(schema, "minimum") ?? exMin;
  const max = num(schema, "maximum") ?? exMax;
  let lo = min ?? (max === undefined ? 0 : max - DEFAULT_NUMBER_SPAN);
  let hi = max ?? lo + DEFAULT_NUMBER_SPAN;
  if (integer) {
    lo = min === exMin && exMin !== undefined ? Math.floor(exMin) + 1 : Math.ceil(lo);
    hi = max === exMax && exMax !== undefined ? Math.ceil(exMax) - 1 : Math.floor(hi);
    if (hi <= lo) return lo;
    const size = hi - lo + 1;
    return lo + ((seed + shift) % size);
  }
  // A fraction strictly between 0 and 1 keeps the value inside exclusive bounds too.
  return lo + ((((seed + shift * 331) % 998) + 1) / 1000) * (hi - lo);
}

/** Whether a leaf can be answered differently: a one-value enum or a const cannot. */
function canDiffer(node: Schema): boolean {
  if (node.const !== undefined) return false;
  if (Array.isArray(node.enum)) return node.enum.length > 1;
  return true;
}

function valueFor(node: unknown, path: string, depth: number, ctx: Context): Json {
  if (!isRecord(node) || depth > MAX_SCHEMA_DEPTH) return depth > MAX_SCHEMA_DEPTH ? null : stringFor({}, path, ctx, seedOf(`${ctx.hash}:${path}`), false);
  const seed = seedOf(`${ctx.hash}:${path}`);
  const wrong = ctx.perturb === path;
  if (node.const !== undefined) return node.const as Json;
  if (Array.isArray(node.enum) && node.enum.length > 0) {
    if (canDiffer(node)) ctx.leaves?.push(path);
    const n = node.enum.length;
    const options = node.enum;
    const right = options.every((option) => typeof option === "string") ? truthLabel(options as string[], ctx.text, `${ctx.hash}:${path}`) : seed % n;
    // A wrong answer is another option, never the right one by chance.
    const index = wrong ? (right + 1 + (seedOf(`${path}:alt`) % (n - 1))) % n : right;
    return node.enum[index] as Json;
  }
  if (typeof node.$ref === "string") return valueFor(resolveRef(node.$ref, ctx.root), path, depth + 1, ctx);
  const options = node.anyOf ?? node.oneOf ?? node.allOf;
  if (Array.isArray(options) && options.length > 0) {
    const nonNull = options.find((o) => !(isRecord(o) && o.type === "null")) ?? options[0];
    return valueFor(nonNull, path, depth + 1, ctx);
  }
  const type = pickType(node);
  if (type !== "object" && type !== "array" && type !== "null") ctx.leaves?.push(path);
  switch (type) {
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
      return numberFor(node, seed, true, wrong ? 1 : 0);
    case "number":
      return numberFor(node, seed, false, wrong ? 1 : 0);
    case "boolean":
      return (seed % 2 === 0) !== wrong;
    case "null":
      return null;
    default:
      return stringFor(node, path, ctx, seed, wrong);
  }
}

/**
 * A valid object for the schema. On a row where the model disagrees, one leaf differs from the truth,
 * preferring the fields a classification hinges on (enums, then booleans and numbers) over free strings.
 */
function jsonAnswer(schema: Schema, ctx: Context, disagree: boolean): Json {
  const leaves: string[] = [];
  const truth = valueFor(schema, "", 0, { ...ctx, leaves });
  if (!disagree || leaves.length === 0) return truth;
  const kinds = leaves.map((path) => ({ path, rank: leafRank(truth, path) }));
  const best = Math.min(...kinds.map((k) => k.rank));
  const candidates = kinds.filter((k) => k.rank === best);
  const chosen = candidates[seedOf(`${ctx.hash}:perturb`) % candidates.length]?.path;
  return valueFor(schema, "", 0, { ...ctx, perturb: chosen });
}

/** 0 for a value that is an enum-like short word, 1 for booleans and numbers, 2 for text. */
function leafRank(value: Json, path: string): number {
  const leaf = path
    .split(/\.|(?=\[)/)
    .filter(Boolean)
    .reduce<Json | undefined>((node, part) => {
      if (node === undefined || node === null || typeof node !== "object") return undefined;
      const index = /^\[(\d+)\]$/.exec(part);
      if (index) return Array.isArray(node) ? node[Number(index[1])] : undefined;
      return Array.isArray(node) ? undefined : node[part];
    }, value);
  if (typeof leaf === "boolean" || typeof leaf === "number") return 1;
  return typeof leaf === "string" && !leaf.includes(" ") ? 0 : 2;
}

function lastUserText(request: SimChatRequest): string {
  const users = request.messages.filter((m) => m.role === "user");
  return (users[users.length - 1] ?? request.messages[request.messages.length - 1])?.text ?? "";
}

/** The parts of the input worth quoting: its lines and sentences, without a leading "Field:" label. */
function inputSegments(text: string): string[][] {
  return text
    .split(/\n+|(?<=[.!?])\s+/)
    .map((segment) => segment.replace(/^[^:\n]{1,40}:\s*/, "").replace(/[{}]/g, "").trim())
    .map((segment) => segment.split(/\s+/).filter(Boolean))
    .filter((words) => words.length > 0);
}

function sentence(opener: string, words: readonly string[]): string {
  const phrase = words.join(" ").replace(/[.,;:!?…]+$/, "");
  const body = opener.endsWith(": ") || opener === "" ? phrase.charAt(0).toUpperCase() + phrase.slice(1) : phrase.charAt(0).toLowerCase() + phrase.slice(1);
  return `${opener}${body}.`;
}

/**
 * A short sentence drawn from the input: the richest line, opened the way the truth says. A larger
 * model adds a second sentence from the next line; a model departing from the truth opens differently
 * and quotes the end of the line instead of its start.
 */
function freeTextAnswer(text: string, truth: string, profile: SimulatedModelProfile, disagree: boolean): string {
  // The longest lines say the most; of equal ones the later, since instructions tend to come first.
  const segments = inputSegments(text)
    .map((words, index) => ({ words, index }))
    .sort((a, b) => b.words.length - a.words.length || b.index - a.index)
    .map((segment) => segment.words);
  const [first, second] = segments;
  if (!first) return `${NOTHING_TO_SAY}.`;
  const pick = seedOf(truth);
  const openerIndex = (pick + (disagree ? 1 : 0)) % FREE_TEXT_OPENERS.length;
  const count = profile.wordsPerSentence;
  const words = disagree && first.length > count ? first.slice(-count) : first.slice(0, count);
  const sentences = [sentence(FREE_TEXT_OPENERS[openerIndex] ?? "", words)];
  if (profile.sentences > 1 && second) sentences.push(sentence(FREE_TEXT_FOLLOW_UP, second.slice(0, count)));
  return sentences.join(" ");
}

/**
 * A few words that show a row's tone, and the labels that name each tone, so that the truth reads
 * "arrived broken" as negative and "works perfectly" as positive when the labels are a sentiment
 * scale (or yes/no, hot/cold). Rows without a cue, and other label sets, fall back to the truth's hash.
 */
const TONES = [
  {
    words: ["love", "loved", "great", "excellent", "perfect", "perfectly", "happy", "works", "recommend", "amazing", "best", "thanks", "fast", "interested", "budget"],
    labels: ["positive", "good", "yes", "happy", "satisfied", "praise", "hot", "hot lead", "qualified", "high"],
  },
  {
    words: ["broken", "bad", "terrible", "hate", "hated", "awful", "refund", "worst", "late", "never", "poor", "disappointed", "slow", "damaged", "angry", "unsubscribe"],
    labels: ["negative", "bad", "no", "unhappy", "complaint", "angry", "cold", "cold lead", "not qualified", "unqualified", "low"],
  },
] as const;
/** A label the row names outright counts for more than a tone word. */
const NAMED_WEIGHT = 2;

function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** The label the row's words point to (one it names, or one its tone names), else one the truth picks. */
function truthLabel(labels: readonly string[], text: string, truth: string): number {
  const rowWords = new Set(wordsOf(text));
  const scores = labels.map((label) => {
    const named = wordsOf(label).filter((word) => word.length > 2 && rowWords.has(word)).length * NAMED_WEIGHT;
    const key = normaliseLabel(label);
    const tone = TONES.find((candidate) => (candidate.labels as readonly string[]).includes(key));
    return named + (tone ? tone.words.filter((word) => rowWords.has(word)).length : 0);
  });
  const top = Math.max(...scores);
  const leaders = scores.flatMap((score, index) => (score === top ? [index] : []));
  // Every label named, or none: the words say nothing, so the truth decides.
  if (top > 0 && leaders.length === 1) return leaders[0] ?? 0;
  return seedOf(truth) % labels.length;
}

function labelAnswer(labels: readonly string[], text: string, truth: string, disagree: boolean): string {
  const right = truthLabel(labels, text, truth);
  if (!disagree || labels.length < 2) return labels[right] ?? "";
  const offset = 1 + (seedOf(`${truth}:wrong`) % (labels.length - 1));
  return labels[(right + offset) % labels.length] ?? "";
}

/** The message content for a request, conforming to its response_format and, for labels, to the label list. */
export function simulatedContent(request: SimChatRequest): string {
  const profile = simulatedModelProfile(request.model);
  const text = lastUserText(request);
  const truth = truthHash(request);
  const disagree = disagreesOnRow(request.model, truth, profile);
  const summary = freeTextAnswer(text, truth, profile, disagree);
  const format = request.responseFormat;
  if (format.type === "json_object") return JSON.stringify({ answer: summary });
  if (format.type === "json_schema") {
    const root = isRecord(format.schema) ? format.schema : {};
    const words = inputSegments(text).flat();
    return JSON.stringify(jsonAnswer(root, { root, hash: truth, summary, text, words }, disagree));
  }
  const labels = requestedLabels(request);
  if (labels) return labelAnswer(labels, text, truth, disagree);
  return summary;
}

export function simulatedPromptTokens(request: SimChatRequest): number {
  const messages = request.messages.reduce((sum, m) => sum + TOKENS_PER_MESSAGE + estimateTokens(m.text), 0);
  // A structured-output schema is part of the prompt the model reads, and OpenAI bills it as such.
  const schema = request.responseFormat.type === "json_schema" ? estimateTokens(JSON.stringify(request.responseFormat.schema)) : 0;
  return messages + schema + TOKENS_REPLY_PRIMING;
}
