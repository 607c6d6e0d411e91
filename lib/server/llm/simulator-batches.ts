// The simulator's Batch API (/v1/files and /v1/batches, as OpenAI documents them), so batch mode
// works with no key. Its files and batches live in the database, not in the app's memory: a
// provider keeps a batch while the app restarts, and the restart test must re-attach to it for real.
// A batch is validating, then in progress until its completion delay has passed; the first look
// after that finishes it: every line answered by the simulator itself, a share as error lines, or
// nothing answered and every line listed as expired.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import type { SimulatorBatch, SimulatorFile } from "@/lib/server/generated/sqlite/client";
import { createSimulator } from "./simulator";
import { openAIError } from "./simulator-request";

const SUPPORTED_ENDPOINTS = ["/v1/chat/completions"];
const COMPLETION_WINDOWS = ["24h"];
const MAX_FILE_BYTES = 200 * 1024 * 1024;
const MAX_REQUESTS = 50_000;
const WINDOW_SECONDS = 24 * 60 * 60;
/** Share of the delay a new batch spends validating. */
const VALIDATING_SHARE = 0.1;
const LIST_DEFAULT = 20;
const LIST_MAX = 100;
const FINAL = ["completed", "failed", "expired", "cancelled"];

export interface BatchKnobs {
  delayMs: number;
  errorRate: number;
  expire: boolean;
}

export function batchKnobsFromEnv(): BatchKnobs {
  return { delayMs: env.SIMULATOR_BATCH_DELAY_MS, errorRate: env.SIMULATOR_BATCH_ERROR_RATE, expire: env.SIMULATOR_BATCH_EXPIRE === "1" };
}

// The lines are answered with no latency and no limits: a batch's time is its completion delay.
const lineSimulator = createSimulator({ latencyMs: 0, failureRate: 0, rateLimitRpm: 0 });

const newId = (prefix: string) => `${prefix}-${randomBytes(12).toString("hex")}`;
const seconds = (date: Date | null | undefined) => (date ? Math.floor(date.getTime() / 1000) : null);

function json(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: { "x-simulated": "true" } });
}

function problem(status: number, message: string, param: string | null = null, code: string | null = null): Response {
  return json(status, openAIError(message, param, code));
}

function fileObject(file: Pick<SimulatorFile, "id" | "bytes" | "createdAt" | "filename" | "purpose">) {
  return { id: file.id, object: "file", bytes: file.bytes, created_at: seconds(file.createdAt), filename: file.filename, purpose: file.purpose, status: "processed" };
}

function batchObject(batch: SimulatorBatch) {
  const createdAt = seconds(batch.createdAt) ?? 0;
  const at = (status: string) => (batch.status === status ? seconds(batch.finishedAt) : null);
  return {
    id: batch.id,
    object: "batch",
    endpoint: batch.endpoint,
    errors: null,
    input_file_id: batch.inputFileId,
    completion_window: batch.completionWindow,
    status: batch.status,
    output_file_id: batch.outputFileId,
    error_file_id: batch.errorFileId,
    created_at: createdAt,
    in_progress_at: batch.status === "validating" ? null : createdAt,
    expires_at: createdAt + WINDOW_SECONDS,
    finalizing_at: null,
    completed_at: at("completed"),
    failed_at: at("failed"),
    expired_at: at("expired"),
    cancelling_at: null,
    cancelled_at: seconds(batch.cancelledAt),
    request_counts: { total: batch.total, completed: batch.completed, failed: batch.failed },
    metadata: batch.metadata ? (JSON.parse(batch.metadata) as Record<string, string>) : null,
  };
}

async function uploadFile(request: Request): Promise<Response> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return problem(400, "The request must be multipart/form-data with a file and a purpose.");
  }
  const file = form.get("file");
  const purpose = form.get("purpose");
  if (!(file instanceof Blob)) return problem(400, "Missing required parameter: 'file'.", "file", "missing_required_parameter");
  if (typeof purpose !== "string" || purpose === "") return problem(400, "Missing required parameter: 'purpose'.", "purpose", "missing_required_parameter");
  if (file.size > MAX_FILE_BYTES) return problem(400, `File is too large: at most ${MAX_FILE_BYTES} bytes.`, "file", "file_too_large");
  const content = await file.text();
  const filename = file instanceof File ? file.name : "upload.jsonl";
  const created = await db.simulatorFile.create({ data: { id: newId("file"), purpose, filename, bytes: file.size, content } });
  return json(200, fileObject(created));
}

async function findFile(id: string) {
  return db.simulatorFile.findUnique({ where: { id }, select: { id: true, bytes: true, createdAt: true, filename: true, purpose: true } });
}

async function fileContent(id: string): Promise<Response> {
  const file = await db.simulatorFile.findUnique({ where: { id } });
  if (!file) return problem(404, `No such File object: ${id}`, "id");
  return new Response(file.content, { status: 200, headers: { "content-type": "application/octet-stream", "x-simulated": "true" } });
}

function inputLines(content: string): string[] {
  return content.split("\n").filter((line) => line.trim() !== "");
}

async function createBatch(request: Request, knobs: BatchKnobs): Promise<Response> {
  let body: Record<string, unknown>;
  try {
    body = (await request.json()) as Record<string, unknown>;
  } catch {
    return problem(400, "We could not parse the JSON body of your request.");
  }
  const inputFileId = body.input_file_id;
  if (typeof inputFileId !== "string") return problem(400, "Missing required parameter: 'input_file_id'.", "input_file_id", "missing_required_parameter");
  if (typeof body.endpoint !== "string" || !SUPPORTED_ENDPOINTS.includes(body.endpoint)) {
    return problem(400, `Invalid value for 'endpoint': supported is ${SUPPORTED_ENDPOINTS.join(", ")}.`, "endpoint", "invalid_value");
  }
  if (typeof body.completion_window !== "string" || !COMPLETION_WINDOWS.includes(body.completion_window)) {
    return problem(400, "Invalid value for 'completion_window': supported is 24h.", "completion_window", "invalid_value");
  }
  const file = await db.simulatorFile.findUnique({ where: { id: inputFileId } });
  if (!file) return problem(404, `No such File object: ${inputFileId}`, "input_file_id");
  if (file.purpose !== "batch") return problem(400, "The input file must be uploaded with purpose 'batch'.", "input_file_id", "invalid_value");
  const total = inputLines(file.content).length;
  if (total === 0 || total > MAX_REQUESTS) return problem(400, `The input file must hold 1 to ${MAX_REQUESTS} requests.`, "input_file_id", "invalid_value");
  const metadata = body.metadata && typeof body.metadata === "object" ? JSON.stringify(body.metadata) : null;
  const created = await db.simulatorBatch.create({
    data: {
      id: newId("batch"),
      inputFileId,
      endpoint: body.endpoint,
      completionWindow: body.completion_window,
      status: "validating",
      metadata,
      total,
      completesAt: new Date(Date.now() + knobs.delayMs),
      errorRate: knobs.errorRate,
      expires: knobs.expire,
    },
  });
  return json(200, batchObject(created));
}

/** Moves a batch along by the clock, finishing it once its delay has passed; the row as it now is. */
async function advance(batch: SimulatorBatch): Promise<SimulatorBatch> {
  if (FINAL.includes(batch.status)) return batch;
  const now = Date.now();
  const delay = batch.completesAt.getTime() - batch.createdAt.getTime();
  if (now < batch.completesAt.getTime()) {
    const status = now - batch.createdAt.getTime() < delay * VALIDATING_SHARE ? "validating" : "in_progress";
    if (status === batch.status) return batch;
    return db.simulatorBatch.update({ where: { id: batch.id }, data: { status } });
  }
  await finish(batch);
  return db.simulatorBatch.findUniqueOrThrow({ where: { id: batch.id } });
}

/** Whether a line gets an error: drawn from its custom_id, so the same batch always fails the same lines. */
function drawsError(batchId: string, customId: string, rate: number): boolean {
  if (rate <= 0) return false;
  const hash = createHash("sha256").update(`${batchId}:${customId}`).digest();
  return hash.readUInt32BE(0) / 0x1_0000_0000 < rate;
}

async function answerLine(batch: SimulatorBatch, raw: string, index: number): Promise<{ ok: boolean; line: string }> {
  let request: { custom_id?: unknown; method?: unknown; url?: unknown; body?: unknown };
  try {
    request = JSON.parse(raw) as typeof request;
  } catch {
    const error = { code: "invalid_json_line", message: `Line ${index + 1} is not valid JSON.` };
    return { ok: false, line: JSON.stringify({ id: `batch_req_${index}`, custom_id: null, response: null, error }) };
  }
  const customId = typeof request.custom_id === "string" ? request.custom_id : null;
  const id = `batch_req_${batch.id.slice(6)}_${index}`;
  if (batch.expires) {
    const error = { code: "batch_expired", message: "This request could not be executed before the completion window expired." };
    return { ok: false, line: JSON.stringify({ id, custom_id: customId, response: null, error }) };
  }
  if (customId !== null && drawsError(batch.id, customId, batch.errorRate)) {
    const body = openAIError("The server had an error while processing your request. Sorry about that!", null, null, "server_error");
    return { ok: false, line: JSON.stringify({ id, custom_id: customId, response: { status_code: 500, request_id: id, body }, error: null }) };
  }
  const answer = await lineSimulator.handle(
    new Request("http://simulator/v1/chat/completions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request.body ?? null) }),
  );
  const body = (await answer.json()) as unknown;
  const response = { status_code: answer.status, request_id: id, body };
  return { ok: answer.status === 200, line: JSON.stringify({ id, custom_id: customId, response, error: null }) };
}

async function finish(batch: SimulatorBatch): Promise<void> {
  const input = await db.simulatorFile.findUnique({ where: { id: batch.inputFileId } });
  const lines = inputLines(input?.content ?? "");
  const output: string[] = [];
  const errors: string[] = [];
  for (const [index, raw] of lines.entries()) {
    const answered = await answerLine(batch, raw, index);
    (answered.ok ? output : errors).push(answered.line);
  }
  const status = batch.expires ? "expired" : "completed";
  const fileFor = (kind: string, content: string[]) =>
    content.length === 0 ? null : { id: `file-${kind}-${batch.id.slice(6)}`, purpose: "batch_output", filename: `${batch.id}_${kind}.jsonl`, content: `${content.join("\n")}\n` };
  const outputFile = fileFor("output", output);
  const errorFile = fileFor("error", errors);
  await db.$transaction(async (tx) => {
    // Two looks at once finish it once: the loser changes nothing.
    const { count } = await tx.simulatorBatch.updateMany({
      where: { id: batch.id, status: { notIn: FINAL } },
      data: { status, completed: output.length, failed: errors.length, outputFileId: outputFile?.id ?? null, errorFileId: errorFile?.id ?? null, finishedAt: new Date() },
    });
    if (count === 0) return;
    for (const file of [outputFile, errorFile]) if (file) await tx.simulatorFile.create({ data: { ...file, bytes: Buffer.byteLength(file.content) } });
  });
}

async function retrieveBatch(id: string): Promise<Response> {
  const batch = await db.simulatorBatch.findUnique({ where: { id } });
  if (!batch) return problem(404, `No such Batch object: ${id}`, "batch_id");
  return json(200, batchObject(await advance(batch)));
}

async function listBatches(url: URL): Promise<Response> {
  const limit = Math.min(LIST_MAX, Math.max(1, Number(url.searchParams.get("limit") ?? LIST_DEFAULT) || LIST_DEFAULT));
  const after = url.searchParams.get("after");
  const cursor = after ? await db.simulatorBatch.findUnique({ where: { id: after }, select: { createdAt: true, id: true } }) : null;
  const rows = await db.simulatorBatch.findMany({
    where: cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const page = await Promise.all(rows.slice(0, limit).map((row) => advance(row)));
  return json(200, { object: "list", data: page.map(batchObject), first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null, has_more: rows.length > limit });
}

async function cancelBatch(id: string): Promise<Response> {
  const batch = await db.simulatorBatch.findUnique({ where: { id } });
  if (!batch) return problem(404, `No such Batch object: ${id}`, "batch_id");
  if (FINAL.includes(batch.status)) return problem(409, `Cannot cancel a batch with status '${batch.status}'.`, null, "batch_not_cancellable");
  // Nothing of it has run yet in the simulator (it answers on finishing), so it is cancelled at once.
  await db.simulatorBatch.updateMany({ where: { id, status: { notIn: FINAL } }, data: { status: "cancelled", cancelledAt: new Date(), finishedAt: new Date() } });
  return json(200, batchObject(await db.simulatorBatch.findUniqueOrThrow({ where: { id } })));
}

/** Answers /v1/files… and /v1/batches… under any prefix (/api/simulator/v1 in the app). */
export async function handleBatchApiRequest(request: Request, knobs: BatchKnobs = batchKnobsFromEnv()): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.replace(/\/+$/, "");
  const method = request.method;
  let match: RegExpMatchArray | null;
  if (path.endsWith("/v1/files")) return method === "POST" ? uploadFile(request) : notAllowed(method);
  if ((match = path.match(/\/v1\/files\/([^/]+)\/content$/))) return method === "GET" ? fileContent(decodeURIComponent(match[1] ?? "")) : notAllowed(method);
  if ((match = path.match(/\/v1\/files\/([^/]+)$/))) {
    if (method !== "GET") return notAllowed(method);
    const file = await findFile(decodeURIComponent(match[1] ?? ""));
    return file ? json(200, fileObject(file)) : problem(404, `No such File object: ${match[1]}`, "id");
  }
  if (path.endsWith("/v1/batches")) {
    if (method === "POST") return createBatch(request, knobs);
    return method === "GET" ? listBatches(url) : notAllowed(method);
  }
  if ((match = path.match(/\/v1\/batches\/([^/]+)\/cancel$/))) return method === "POST" ? cancelBatch(decodeURIComponent(match[1] ?? "")) : notAllowed(method);
  if ((match = path.match(/\/v1\/batches\/([^/]+)$/))) return method === "GET" ? retrieveBatch(decodeURIComponent(match[1] ?? "")) : notAllowed(method);
  return problem(404, `Unknown request URL: ${method} ${path}.`, null, "unknown_url");
}

function notAllowed(method: string): Response {
  return problem(405, `Method ${method} is not allowed here.`, null, "method_not_allowed");
}
