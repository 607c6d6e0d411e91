// Validation of a chat-completions request body as OpenAI does it, with OpenAI's error messages and shape.
import "server-only";
import { hasPrice } from "./pricing";

export interface SimMessage {
  role: string;
  text: string;
}

export type SimResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; name: string; schema: unknown };

export interface SimChatRequest {
  model: string;
  messages: SimMessage[];
  responseFormat: SimResponseFormat;
  maxCompletionTokens?: number;
  /** OpenAI's `seed`: the same seed, model and messages give the same answer (0 when absent). */
  seed?: number;
}

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export type ParsedChatRequest =
  | { ok: true; request: SimChatRequest }
  | { ok: false; status: number; body: OpenAIErrorBody };

const ROLES = ["system", "assistant", "user", "function", "tool", "developer"];
const FORMAT_TYPES = ["text", "json_object", "json_schema"];

export function openAIError(message: string, param: string | null = null, code: string | null = null, type = "invalid_request_error"): OpenAIErrorBody {
  return { error: { message, type, param, code } };
}

class RequestProblem extends Error {
  constructor(readonly status: number, readonly body: OpenAIErrorBody) {
    super(body.error.message);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function missing(param: string): never {
  throw new RequestProblem(400, openAIError(`Missing required parameter: '${param}'.`, param, "missing_required_parameter"));
}

function wrongType(param: string, expected: string, value: unknown): never {
  const message = `Invalid type for '${param}': expected ${expected}, but got ${typeName(value)} instead.`;
  throw new RequestProblem(400, openAIError(message, param, "invalid_type"));
}

function invalidValue(param: string, value: unknown, supported: readonly string[]): never {
  const list = supported.map((s) => `'${s}'`).join(", ");
  throw new RequestProblem(400, openAIError(`Invalid value: '${String(value)}'. Supported values are: ${list}.`, param, "invalid_value"));
}

// Content is a string or a list of parts; only text parts carry words the simulator can echo.
function contentText(content: unknown, param: string): string {
  if (content === null || content === undefined) return "";
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return wrongType(param, "a string or an array of content parts", content);
  return content
    .map((part, i) => {
      if (!isRecord(part)) return wrongType(`${param}[${i}]`, "an object", part);
      return part.type === "text" && typeof part.text === "string" ? part.text : "";
    })
    .join("\n");
}

function parseMessages(raw: unknown): SimMessage[] {
  if (raw === undefined) return missing("messages");
  if (!Array.isArray(raw)) return wrongType("messages", "an array of objects", raw);
  if (raw.length === 0) {
    const message = "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.";
    throw new RequestProblem(400, openAIError(message, "messages", "empty_array"));
  }
  return raw.map((entry, i) => {
    const param = `messages[${i}]`;
    if (!isRecord(entry)) return wrongType(param, "an object", entry);
    if (entry.role === undefined) return missing(`${param}.role`);
    if (typeof entry.role !== "string" || !ROLES.includes(entry.role)) return invalidValue(`${param}.role`, entry.role, ROLES);
    return { role: entry.role, text: contentText(entry.content, `${param}.content`) };
  });
}

function parseResponseFormat(raw: unknown, messages: SimMessage[]): SimResponseFormat {
  if (raw === undefined || raw === null) return { type: "text" };
  if (!isRecord(raw)) return wrongType("response_format", "an object", raw);
  if (typeof raw.type !== "string" || !FORMAT_TYPES.includes(raw.type)) return invalidValue("response_format.type", raw.type, FORMAT_TYPES);
  if (raw.type === "json_object") {
    // OpenAI refuses JSON mode unless the prompt asks for JSON, because models otherwise emit whitespace forever.
    if (!messages.some((m) => /json/i.test(m.text))) {
      const message = "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.";
      throw new RequestProblem(400, openAIError(message, "messages"));
    }
    return { type: "json_object" };
  }
  if (raw.type === "text") return { type: "text" };
  const spec = raw.json_schema;
  if (spec === undefined) return missing("response_format.json_schema");
  if (!isRecord(spec)) return wrongType("response_format.json_schema", "an object", spec);
  if (typeof spec.name !== "string" || spec.name === "") return missing("response_format.json_schema.name");
  if (spec.schema !== undefined && !isRecord(spec.schema)) return wrongType("response_format.json_schema.schema", "an object", spec.schema);
  return { type: "json_schema", name: spec.name, schema: spec.schema ?? {} };
}

function parseMaxTokens(body: Record<string, unknown>): number | undefined {
  const param = body.max_completion_tokens !== undefined ? "max_completion_tokens" : "max_tokens";
  const value = body[param];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) return wrongType(param, "a positive integer", value);
  return value;
}

function parseSeed(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value)) return wrongType("seed", "an integer", value);
  return value;
}

function parseOrThrow(body: unknown): SimChatRequest {
  if (!isRecord(body)) {
    throw new RequestProblem(400, openAIError("We could not parse the JSON body of your request. The body must be a JSON object."));
  }
  if (typeof body.model !== "string" || body.model === "") {
    throw new RequestProblem(400, openAIError("you must provide a model parameter"));
  }
  const messages = parseMessages(body.messages);
  if (body.stream === true) {
    throw new RequestProblem(400, openAIError("The simulator does not stream; send 'stream': false.", "stream", "unsupported_value"));
  }
  const responseFormat = parseResponseFormat(body.response_format, messages);
  const maxCompletionTokens = parseMaxTokens(body);
  const seed = parseSeed(body.seed);
  if (!hasPrice(body.model)) {
    const message = `The model \`${body.model}\` does not exist or you do not have access to it.`;
    throw new RequestProblem(404, openAIError(message, null, "model_not_found"));
  }
  return {
    model: body.model,
    messages,
    responseFormat,
    ...(maxCompletionTokens === undefined ? {} : { maxCompletionTokens }),
    ...(seed === undefined ? {} : { seed }),
  };
}

export function parseChatRequest(body: unknown): ParsedChatRequest {
  try {
    return { ok: true, request: parseOrThrow(body) };
  } catch (err) {
    if (err instanceof RequestProblem) return { ok: false, status: err.status, body: err.body };
    throw err;
  }
}
