// Reading Batch API output and error files: streamed line by line (a file can hold 50,000
// answers), each line read with the same code as a synchronous answer or failure.
import "server-only";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type OpenAI from "openai";
import { APIError } from "openai";
import type { SchemaObject } from "ajv";
import { readChatAnswer, type ModelCallInput } from "@/lib/server/llm/client";
import { classifyError, ModelCallError, type BilledUsage } from "@/lib/server/llm/errors";

export interface ResultLine {
  custom_id?: string;
  response?: { status_code?: number; body?: unknown } | null;
  error?: { code?: string | null; message?: string | null } | null;
}

/** Error codes of requests the provider never ran: the batch expired or was cancelled first. */
const NEVER_RUN_CODES = new Set(["batch_expired", "batch_cancelled"]);
const HTTP_OK = 200;

export type LineOutcome =
  | { kind: "answer"; output: string; billed: BilledUsage }
  | { kind: "failure"; error: ModelCallError }
  | { kind: "never_run" };

/** The lines of a file, parsed; a line that is not JSON is skipped with a log line (its item falls to the fallback). */
export async function* readResultFile(client: OpenAI, fileId: string): AsyncGenerator<ResultLine> {
  const response = await client.files.content(fileId);
  if (!response.body) return;
  const lines = createInterface({ input: Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    try {
      yield JSON.parse(line) as ResultLine;
    } catch {
      console.error(`[batch api] file ${fileId}: a line that is not JSON was skipped: ${line.slice(0, 200)}`);
    }
  }
}

/** What one line means for its item: an answer (validated, priced at the Batch API price), a failed attempt, or a request never run. */
export function readResultLine(line: ResultLine, input: ModelCallInput, schema: SchemaObject | undefined): LineOutcome {
  const status = line.response?.status_code;
  if (line.response && status === HTTP_OK) {
    const completion = line.response.body as OpenAI.ChatCompletion;
    try {
      const { output, ...billed } = readChatAnswer(input, schema, completion, { batchApi: true });
      return { kind: "answer", output, billed };
    } catch (error) {
      return { kind: "failure", error: classifyError(error) };
    }
  }
  if (line.response && typeof status === "number") {
    // Mapped as a synchronous call's HTTP error is (lib/server/llm/errors.ts).
    const body = line.response.body;
    const message = typeof body === "object" && body !== null && "error" in body ? undefined : `Batch request failed with status ${status}`;
    return { kind: "failure", error: classifyError(APIError.generate(status, (body ?? undefined) as object | undefined, message, new Headers())) };
  }
  const code = line.error?.code ?? null;
  if (code && NEVER_RUN_CODES.has(code)) return { kind: "never_run" };
  const message = `Batch API error${code ? ` ${code}` : ""}: ${line.error?.message ?? "no answer for this request"}`;
  return { kind: "failure", error: new ModelCallError("server", message) };
}
