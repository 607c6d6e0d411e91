// Reading a request body with a byte limit. Content-Length refuses a large body up front; counting
// while it streams catches a chunked body (it has no Content-Length) or one whose length lies. Either
// way no more than the limit is ever held, and the rest is never read.
import "server-only";
import { AppError } from "@/lib/server/errors";
import { formatBytes } from "@/lib/shared/format";

export function bodyTooLarge(maxBytes: number): AppError {
  return new AppError("payload_too_large", `The request body is larger than the ${formatBytes(maxBytes)} limit.`, { limitBytes: maxBytes });
}

/** The body as UTF-8 text; throws a 413 AppError past `maxBytes`. */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw bodyTooLarge(maxBytes);
  if (!request.body) return "";

  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      // Stops the upstream, so the client's remaining bytes are dropped, not buffered. Best effort:
      // the 413 stands whether or not the stream agrees to stop.
      reader.cancel().catch((error: unknown) => console.warn("[http] could not cancel an oversized body", error));
      throw bodyTooLarge(maxBytes);
    }
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join("");
}
