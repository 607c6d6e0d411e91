// A real HTTP server around the simulator, so tests and benchmarks reach it through the openai SDK as the app does.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ATTEMPT_HEADER } from "@/lib/server/runs/attempt-header";
import { createSimulator, FORCE_FAILURE_HEADER, type ForcedFailure, type Simulator, type SimulatorKnobs } from "@/lib/server/llm/simulator";
// Types only here: the Batch API module reads the environment, which in-process tests set after this file loads.
import type { BatchKnobs } from "@/lib/server/llm/simulator-batches";

/** Share of requests (0–1) that get each forced outcome, e.g. { timeout: 0.1, invalid_json: 0.1 }. */
export type FaultMix = Partial<Record<ForcedFailure, number>>;

/** Draws at most one forced outcome for a request from the mix. */
function drawFault(mix: FaultMix): ForcedFailure | undefined {
  let roll = Math.random();
  for (const [fault, share] of Object.entries(mix) as [ForcedFailure, number][]) {
    if (roll < share) return fault;
    roll -= share;
  }
  return undefined;
}

export interface SimulatorServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** The OpenAI-style base URL: `${url}/v1`. */
  baseURL: string;
  simulator: Simulator;
  /** Swaps the knobs for the requests that follow (a fresh simulator: rate-limit window included). */
  setKnobs(knobs: Partial<SimulatorKnobs>): void;
  /** Forces outcomes on a share of the requests that follow, as a faulty endpoint would. */
  setFaults(mix: FaultMix): void;
  /** The simulator's Batch API knobs for batches created from now on (default: done at once, no error lines). */
  setBatchKnobs(knobs: Partial<BatchKnobs>): void;
  /** Requests the server has received, so tests can see retries happen. */
  requestCount(): number;
  /** The attempt id (lib/server/runs/process-item.ts ATTEMPT_HEADER) of every chat completion received, in order. */
  receivedAttempts(): string[];
  /** The JSON body of every chat completion received, in order: what the model was asked. */
  receivedBodies(): ChatBody[];
  /** Each chat completion's arrival and answer by attempt id, in the order they happened: what overlapped. */
  attemptEvents(): AttemptEvent[];
  close(): Promise<void>;
}

export interface AttemptEvent {
  attempt: string;
  event: "received" | "answered";
}

export interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/** /v1/files… and /v1/batches…: the simulator's Batch API (lib/server/llm/simulator-batches.ts), on the test database. */
const BATCH_API_PATH = /\/v1\/(files|batches)(\/|$|\?)/;

async function serve(
  simulator: Simulator,
  origin: string,
  faults: FaultMix,
  bodies: ChatBody[],
  req: IncomingMessage,
  res: ServerResponse,
  batchKnobs: BatchKnobs,
): Promise<void> {
  // The simulator honours aborts (latency, forced timeouts): abort when the client hangs up before the answer.
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const method = req.method ?? "GET";
  const body = method === "GET" || method === "HEAD" ? undefined : new Uint8Array(await readBody(req));
  if (body && req.url?.endsWith("/chat/completions")) {
    try {
      bodies.push(JSON.parse(Buffer.from(body).toString("utf8")) as ChatBody);
    } catch {
      // Not JSON: the simulator answers it with a 400; nothing to record.
    }
  }
  const headers = toHeaders(req);
  const fault = req.url?.endsWith("/chat/completions") ? drawFault(faults) : undefined;
  if (fault) headers.set(FORCE_FAILURE_HEADER, fault);
  const request = new Request(new URL(req.url ?? "/", origin), { method, headers, body, signal: controller.signal });
  const response = BATCH_API_PATH.test(req.url ?? "")
    ? await (await import("@/lib/server/llm/simulator-batches")).handleBatchApiRequest(request, batchKnobs)
    : await simulator.handle(request);
  if (controller.signal.aborted) return;
  res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
  res.end(Buffer.from(await response.arrayBuffer()));
}

export async function startSimulatorServer(knobs: Partial<SimulatorKnobs> = {}): Promise<SimulatorServer> {
  const build = (k: Partial<SimulatorKnobs>) => createSimulator({ latencyMs: 0, failureRate: 0, rateLimitRpm: 0, ...k });
  let simulator = build(knobs);
  let faults: FaultMix = {};
  let batchKnobs: BatchKnobs = { delayMs: 0, errorRate: 0, expire: false };
  let origin = "";
  let requests = 0;
  const attempts: string[] = [];
  const events: AttemptEvent[] = [];
  const bodies: ChatBody[] = [];
  const server = createServer((req, res) => {
    requests += 1;
    const header = req.headers[ATTEMPT_HEADER];
    if (req.url?.endsWith("/chat/completions")) {
      const attempt = typeof header === "string" ? header : "(none)";
      attempts.push(attempt);
      events.push({ attempt, event: "received" });
      res.on("close", () => events.push({ attempt, event: "answered" }));
    }
    serve(simulator, origin, faults, bodies, req, res, batchKnobs).catch((err: unknown) => {
      // A bug in the simulator must fail the test loudly, not hang it.
      console.error("simulator-server:", err);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    baseURL: `${origin}/v1`,
    get simulator() {
      return simulator;
    },
    setKnobs: (next) => {
      simulator = build(next);
    },
    setFaults: (mix) => {
      faults = mix;
    },
    setBatchKnobs: (knobs) => {
      batchKnobs = { ...batchKnobs, ...knobs };
    },
    requestCount: () => requests,
    receivedAttempts: () => [...attempts],
    receivedBodies: () => [...bodies],
    attemptEvents: () => [...events],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
