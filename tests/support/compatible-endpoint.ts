// A small OpenAI-compatible server that is not the simulator: it lists the models it is given, answers
// every chat completion with fixed usage, and records the key each request carried. Tests use it as
// "another provider" (an Ollama or vLLM serving models no price list knows).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface CompatibleEndpoint {
  /** The OpenAI-style base URL: http://127.0.0.1:PORT/v1 */
  baseURL: string;
  /** The Authorization header of every request, in order. */
  authorizations(): string[];
  /** The model named by every chat completion, in order. */
  models(): string[];
  close(): Promise<void>;
}

export interface CompatibleEndpointOptions {
  models: string[];
  /** Usage reported per answer. */
  usage?: { promptTokens: number; completionTokens: number };
  /** Answer /v1/models with this status instead (an endpoint that does not list its models). */
  modelsStatus?: number;
}

async function drain(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

export async function startCompatibleEndpoint(options: CompatibleEndpointOptions): Promise<CompatibleEndpoint> {
  const authorizations: string[] = [];
  const models: string[] = [];
  const usage = options.usage ?? { promptTokens: 37, completionTokens: 3 };
  const server = createServer((req, res) => {
    void (async () => {
      authorizations.push(req.headers.authorization ?? "");
      const body = await drain(req);
      if (req.method === "GET" && req.url === "/v1/models") {
        if (options.modelsStatus) return json(res, options.modelsStatus, { error: { message: "models are not listed here" } });
        return json(res, 200, { object: "list", data: options.models.map((id) => ({ id, object: "model", created: 0, owned_by: "test" })) });
      }
      if (req.method === "POST" && req.url === "/v1/chat/completions") {
        const request = JSON.parse(body) as { model: string };
        models.push(request.model);
        return json(res, 200, {
          id: `chatcmpl-${models.length}`,
          object: "chat.completion",
          created: 0,
          model: request.model,
          choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: "positive", refusal: null } }],
          usage: { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.promptTokens + usage.completionTokens },
        });
      }
      json(res, 404, { error: { message: `no route ${req.method} ${req.url}` } });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    authorizations: () => [...authorizations],
    models: () => [...models],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
