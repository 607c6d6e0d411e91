// Every JSON route refuses a body over JSON_BODY_MAX_BYTES with 413 before holding it whole: by its
// Content-Length up front, and by counting bytes as a chunked body (no Content-Length) streams in.
import { describe, expect, it } from "vitest";
import * as datasetRoute from "@/app/api/datasets/[id]/route";
import * as reviewItemRoute from "@/app/api/review/[itemId]/route";
import * as reviewBulkRoute from "@/app/api/review/bulk/route";
import * as previewRoute from "@/app/api/runs/preview/route";
import * as runsRoute from "@/app/api/runs/route";
import * as simulatorRoute from "@/app/api/simulator/v1/chat/completions/route";
import { env } from "@/lib/server/env";
import { simulatorSecret } from "@/lib/server/llm/simulator-access";
import { asRole } from "../support/test-auth";

const CHUNK_BYTES = 64 * 1024;
/** What an attacker would send: far more than any limit, produced lazily so the test holds none of it. */
const ATTACK_BYTES = 200 * 1024 * 1024;

/** A JSON-looking body streamed in chunks, counting what the server pulled from it. */
function streamedBody(totalBytes: number) {
  const counter = { pulled: 0 };
  const chunk = new TextEncoder().encode(`${'"x",'.repeat(CHUNK_BYTES / 4)}`);
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0) controller.enqueue(new TextEncoder().encode("["));
      if (sent >= totalBytes) return controller.close();
      sent += chunk.byteLength;
      counter.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, counter };
}

function chunkedRequest(path: string, method: string, totalBytes: number) {
  const { stream, counter } = streamedBody(totalBytes);
  const request = new Request(`http://127.0.0.1${path}`, {
    method,
    body: stream,
    headers: { "content-type": "application/json" },
    duplex: "half",
  } as RequestInit);
  return { request, counter };
}

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const JSON_ROUTES: [string, string, Handler][] = [
  ["POST", "/api/runs", asRole(runsRoute.POST) as Handler],
  ["POST", "/api/runs/preview", asRole(previewRoute.POST) as Handler],
  ["POST", "/api/review/bulk", asRole(reviewBulkRoute.POST) as Handler],
  ["POST", "/api/review/item-1", asRole(reviewItemRoute.POST) as Handler],
  ["PATCH", "/api/datasets/dataset-1", asRole(datasetRoute.PATCH) as Handler],
];
const context = { params: Promise.resolve({ id: "dataset-1", itemId: "item-1" }) };

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe("JSON request bodies", () => {
  it("the limit is 1 MB unless JSON_BODY_MAX_BYTES says otherwise", () => {
    expect(env.JSON_BODY_MAX_BYTES).toBe(1024 * 1024);
  });

  it.each(JSON_ROUTES)("%s %s: a body whose Content-Length is over the limit gets 413 before any of it is read", async (method, path, handler) => {
    const { request, counter } = chunkedRequest(path, method, ATTACK_BYTES);
    request.headers.set("content-length", String(ATTACK_BYTES));
    const response = await handler(request, context);

    expect(response.status).toBe(413);
    expect(await errorOf(response)).toMatchObject({ code: "payload_too_large", message: expect.stringContaining("1 MB") });
    expect(counter.pulled).toBeLessThanOrEqual(CHUNK_BYTES);
  });

  it.each(JSON_ROUTES)("%s %s: a chunked body gets 413 once it passes the limit, and the rest is never read", async (method, path, handler) => {
    const { request, counter } = chunkedRequest(path, method, ATTACK_BYTES);
    expect(request.headers.get("content-length")).toBeNull();
    const response = await handler(request, context);

    expect(response.status).toBe(413);
    expect(await errorOf(response)).toMatchObject({ code: "payload_too_large" });
    expect(counter.pulled).toBeLessThanOrEqual(env.JSON_BODY_MAX_BYTES + 2 * CHUNK_BYTES);
  });

  it("a body under the limit is read as before: invalid JSON is 400, a valid one reaches validation", async () => {
    const post = (body: string) => asRole(runsRoute.POST)(new Request("http://127.0.0.1/api/runs", { method: "POST", body }));
    expect((await post("{not json")).status).toBe(400);
    const invalid = await post(JSON.stringify({ kind: "full" }));
    expect(invalid.status).toBe(422);
  });

  it("the built-in simulator refuses a chunked body over its limit with an OpenAI-shaped 413", async () => {
    const { request, counter } = chunkedRequest("/api/simulator/v1/chat/completions", "POST", ATTACK_BYTES);
    request.headers.set("authorization", `Bearer ${simulatorSecret()}`); // as the app itself calls it
    const response = await simulatorRoute.POST(request, {});

    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/larger than/);
    expect(counter.pulled).toBeLessThan(ATTACK_BYTES / 4);
  });
});
