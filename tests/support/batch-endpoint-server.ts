// An OpenAI-compatible endpoint of the tests' own, independent of the app's simulator: chat
// completions, /v1/files and /v1/batches as OpenAI documents them, held in memory (it outlives the
// app processes a test kills and restarts). It keeps a record of everything it did, so a test can
// check the app's claims against what the endpoint saw: batches created per input file, each
// custom_id answered, each synchronous call, and the tokens it billed.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface BatchEndpointOptions {
  /** How long a batch takes from creation to its end. */
  completionMs: number;
  /** Share of batch requests answered with an error line (status 500), drawn from the custom_id. */
  errorLineRate: number;
  /** The 1-based creation numbers of batches that expire instead of completing. */
  expireBatches: number[];
  /** Of an expiring batch, the share of its lines it answers before expiring; the rest are `batch_expired`. */
  expiredAnsweredShare: number;
  /** Output tokens every answer reports, so each call costs well above a rounding unit. */
  completionTokens: number;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

interface StoredFile {
  id: string;
  purpose: string;
  filename: string;
  content: string;
  createdAt: number;
}

interface StoredBatch {
  id: string;
  number: number;
  inputFileId: string;
  status: string;
  createdAt: number;
  metadata: Record<string, string> | null;
  total: number;
  completed: number;
  failed: number;
  outputFileId: string | null;
  errorFileId: string | null;
  finishedAt: number | null;
  cancelledAt: number | null;
}

export interface BatchEndpointServer {
  baseURL: string;
  /** Every batch created, in order. */
  batches(): StoredBatch[];
  /** Each custom_id answered successfully by a batch, with the batch and the usage it was billed. */
  batchAnswers(): { customId: string; batchId: string; usage: Usage }[];
  /** custom_ids of lines listed as expired (never run). */
  expiredCustomIds(): string[];
  /** Synchronous chat completions answered: the attempt header each carried, and its usage. */
  syncAnswers(): { attempt: string | null; usage: Usage }[];
  setOptions(options: Partial<BatchEndpointOptions>): void;
  close(): Promise<void>;
}

const FINAL = ["completed", "failed", "expired", "cancelled"];
const CHARS_PER_TOKEN = 4;

function tokensOf(text: string): number {
  return Math.max(1, Math.ceil(text.length / CHARS_PER_TOKEN));
}

function draw(seed: string): number {
  return createHash("sha256").update(seed).digest().readUInt32BE(0) / 0x1_0000_0000;
}

function errorBody(message: string, type = "invalid_request_error", code: string | null = null) {
  return { error: { message, type, param: null, code } };
}

export async function startBatchEndpointServer(initial: Partial<BatchEndpointOptions> = {}): Promise<BatchEndpointServer> {
  let options: BatchEndpointOptions = { completionMs: 1_000, errorLineRate: 0.1, expireBatches: [], expiredAnsweredShare: 0.3, completionTokens: 10, ...initial };
  const files = new Map<string, StoredFile>();
  const batches: StoredBatch[] = [];
  const answered: { customId: string; batchId: string; usage: Usage }[] = [];
  const expired: string[] = [];
  const sync: { attempt: string | null; usage: Usage }[] = [];
  const newId = (prefix: string) => `${prefix}_${randomBytes(8).toString("hex")}`;

  function completion(body: { model?: string; messages?: { content?: unknown }[] }): { body: unknown; usage: Usage } {
    const prompt = (body.messages ?? []).map((m) => (typeof m.content === "string" ? m.content : "")).join("\n");
    const usage = { promptTokens: tokensOf(prompt), completionTokens: options.completionTokens };
    const text = `Qualified lead (${createHash("sha256").update(prompt).digest("hex").slice(0, 8)})`;
    return {
      usage,
      body: {
        id: newId("chatcmpl"),
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: body.model ?? "unknown",
        choices: [{ index: 0, message: { role: "assistant", content: text, refusal: null }, logprobs: null, finish_reason: "stop" }],
        usage: { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.promptTokens + usage.completionTokens },
      },
    };
  }

  function batchObject(batch: StoredBatch) {
    const seconds = (ms: number | null) => (ms === null ? null : Math.floor(ms / 1000));
    return {
      id: batch.id,
      object: "batch",
      endpoint: "/v1/chat/completions",
      errors: null,
      input_file_id: batch.inputFileId,
      completion_window: "24h",
      status: batch.status,
      output_file_id: batch.outputFileId,
      error_file_id: batch.errorFileId,
      created_at: seconds(batch.createdAt),
      completed_at: batch.status === "completed" ? seconds(batch.finishedAt) : null,
      expired_at: batch.status === "expired" ? seconds(batch.finishedAt) : null,
      cancelled_at: seconds(batch.cancelledAt),
      request_counts: { total: batch.total, completed: batch.completed, failed: batch.failed },
      metadata: batch.metadata,
    };
  }

  function storeFile(purpose: string, filename: string, lines: string[]): string {
    const id = newId("file");
    files.set(id, { id, purpose, filename, content: lines.map((l) => `${l}\n`).join(""), createdAt: Date.now() });
    return id;
  }

  /** A batch moves on by the clock; at its end its lines are answered once. */
  function advance(batch: StoredBatch): void {
    if (FINAL.includes(batch.status)) return;
    const age = Date.now() - batch.createdAt;
    if (age < options.completionMs) {
      batch.status = age < options.completionMs / 5 ? "validating" : "in_progress";
      return;
    }
    const expires = options.expireBatches.includes(batch.number);
    const lines = (files.get(batch.inputFileId)?.content ?? "").split("\n").filter((l) => l.trim() !== "");
    const output: string[] = [];
    const errors: string[] = [];
    lines.forEach((raw, index) => {
      const request = JSON.parse(raw) as { custom_id: string; body: { model?: string; messages?: { content?: unknown }[] } };
      const id = `batch_req_${batch.id}_${index}`;
      if (expires && index >= Math.floor(lines.length * options.expiredAnsweredShare)) {
        expired.push(request.custom_id);
        errors.push(JSON.stringify({ id, custom_id: request.custom_id, response: null, error: { code: "batch_expired", message: "This request could not be executed before the completion window expired." } }));
        return;
      }
      if (draw(`${batch.id}:${request.custom_id}`) < options.errorLineRate) {
        const body = errorBody("The server had an error processing your request.", "server_error");
        errors.push(JSON.stringify({ id, custom_id: request.custom_id, response: { status_code: 500, request_id: id, body }, error: null }));
        return;
      }
      const answer = completion(request.body);
      answered.push({ customId: request.custom_id, batchId: batch.id, usage: answer.usage });
      output.push(JSON.stringify({ id, custom_id: request.custom_id, response: { status_code: 200, request_id: id, body: answer.body }, error: null }));
    });
    // Lines in any order, as OpenAI documents.
    output.reverse();
    batch.status = expires ? "expired" : "completed";
    batch.completed = output.length;
    batch.failed = errors.length;
    batch.outputFileId = output.length ? storeFile("batch_output", `${batch.id}_output.jsonl`, output) : null;
    batch.errorFileId = errors.length ? storeFile("batch_output", `${batch.id}_error.jsonl`, errors) : null;
    batch.finishedAt = Date.now();
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.replace(/\/+$/, "");
    let m: RegExpMatchArray | null;
    if (path === "/v1/chat/completions" && request.method === "POST") {
      const answer = completion((await request.json()) as { messages?: { content?: unknown }[] });
      sync.push({ attempt: request.headers.get("x-batchwise-attempt"), usage: answer.usage });
      return Response.json(answer.body);
    }
    if (path === "/v1/files" && request.method === "POST") {
      const form = await request.formData();
      const file = form.get("file");
      if (!(file instanceof Blob) || form.get("purpose") !== "batch") return Response.json(errorBody("file and purpose=batch are required"), { status: 400 });
      const content = await file.text();
      const id = storeFile("batch", file instanceof File ? file.name : "input.jsonl", content.split("\n").filter((l) => l.trim() !== ""));
      const stored = files.get(id);
      return Response.json({ id, object: "file", bytes: Buffer.byteLength(stored?.content ?? ""), created_at: Math.floor(Date.now() / 1000), filename: stored?.filename, purpose: "batch", status: "processed" });
    }
    if ((m = path.match(/^\/v1\/files\/([^/]+)\/content$/)) && request.method === "GET") {
      const file = files.get(m[1] ?? "");
      return file ? new Response(file.content) : Response.json(errorBody("No such file"), { status: 404 });
    }
    if ((m = path.match(/^\/v1\/files\/([^/]+)$/)) && request.method === "GET") {
      const file = files.get(m[1] ?? "");
      return file ? Response.json({ id: file.id, object: "file", bytes: file.content.length, created_at: Math.floor(file.createdAt / 1000), filename: file.filename, purpose: file.purpose, status: "processed" }) : Response.json(errorBody("No such file"), { status: 404 });
    }
    if (path === "/v1/batches" && request.method === "POST") {
      const body = (await request.json()) as { input_file_id?: string; endpoint?: string; completion_window?: string; metadata?: Record<string, string> };
      const file = files.get(body.input_file_id ?? "");
      if (!file || body.endpoint !== "/v1/chat/completions" || body.completion_window !== "24h") return Response.json(errorBody("bad batch request"), { status: 400 });
      const total = file.content.split("\n").filter((l) => l.trim() !== "").length;
      const batch: StoredBatch = { id: newId("batch"), number: batches.length + 1, inputFileId: file.id, status: "validating", createdAt: Date.now(), metadata: body.metadata ?? null, total, completed: 0, failed: 0, outputFileId: null, errorFileId: null, finishedAt: null, cancelledAt: null };
      batches.push(batch);
      return Response.json(batchObject(batch));
    }
    if (path === "/v1/batches" && request.method === "GET") {
      const limit = Number(url.searchParams.get("limit") ?? 20);
      const after = url.searchParams.get("after");
      const newestFirst = [...batches].reverse();
      const start = after ? newestFirst.findIndex((b) => b.id === after) + 1 : 0;
      const page = newestFirst.slice(start, start + limit);
      page.forEach(advance);
      return Response.json({ object: "list", data: page.map(batchObject), first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null, has_more: start + limit < newestFirst.length });
    }
    if ((m = path.match(/^\/v1\/batches\/([^/]+)\/cancel$/)) && request.method === "POST") {
      const batch = batches.find((b) => b.id === m?.[1]);
      if (!batch) return Response.json(errorBody("No such batch"), { status: 404 });
      if (!FINAL.includes(batch.status)) Object.assign(batch, { status: "cancelled", cancelledAt: Date.now(), finishedAt: Date.now() });
      return Response.json(batchObject(batch));
    }
    if ((m = path.match(/^\/v1\/batches\/([^/]+)$/)) && request.method === "GET") {
      const batch = batches.find((b) => b.id === m?.[1]);
      if (!batch) return Response.json(errorBody("No such batch"), { status: 404 });
      advance(batch);
      return Response.json(batchObject(batch));
    }
    return Response.json(errorBody(`Unknown request URL: ${request.method} ${path}`), { status: 404 });
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const method = req.method ?? "GET";
    const body = method === "GET" || method === "HEAD" ? undefined : new Uint8Array(Buffer.concat(chunks));
    const response = await handle(new Request(new URL(req.url ?? "/", "http://127.0.0.1"), { method, headers, body }));
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    res.end(Buffer.from(await response.arrayBuffer()));
  }

  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      console.error("batch-endpoint-server:", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify(errorBody(String(error), "server_error")));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    batches: () => batches.map((b) => ({ ...b })),
    batchAnswers: () => [...answered],
    expiredCustomIds: () => [...expired],
    syncAnswers: () => [...sync],
    setOptions: (next) => {
      options = { ...options, ...next };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
