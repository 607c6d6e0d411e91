// An OpenAI-compatible chat endpoint whose answers a test scripts: for output shapes (labels, schemas)
// whose answers the simulator does not decide. Records what it was asked.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ChatBody } from "./simulator-server";

export interface ScriptedEndpoint {
  /** http://127.0.0.1:PORT: give it as APP_URL, and the app's simulator path lands here. */
  url: string;
  bodies: ChatBody[];
  close(): Promise<void>;
}

/** `answer` gets the request's last user message and returns the assistant's content. */
export async function startScriptedEndpoint(answer: (prompt: string, body: ChatBody) => string): Promise<ScriptedEndpoint> {
  const bodies: ChatBody[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (!req.url?.endsWith("/chat/completions")) {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ChatBody;
      bodies.push(body);
      const prompt = body.messages.filter((m) => m.role === "user").at(-1)?.content ?? "";
      const content = answer(prompt, body);
      const completion = {
        id: `chatcmpl-${bodies.length}`,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, finish_reason: "stop", logprobs: null }],
        usage: { prompt_tokens: Math.ceil(prompt.length / 4), completion_tokens: Math.max(1, Math.ceil(content.length / 4)), total_tokens: 0 },
      };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(completion));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
