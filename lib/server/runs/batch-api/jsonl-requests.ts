// Batch API input: one JSONL line per request, cut into files within the provider's limits.
import "server-only";
import { prepareChatRequest, type ModelCallInput } from "@/lib/server/llm/client";

export const BATCH_ENDPOINT = "/v1/chat/completions";

export interface FileLimits {
  maxRequests: number;
  maxBytes: number;
}

/** One request line (without its newline): the same body a synchronous call of this item sends. */
export function requestLine(customId: string, input: ModelCallInput): string {
  const { body } = prepareChatRequest(input);
  return JSON.stringify({ custom_id: customId, method: "POST", url: BATCH_ENDPOINT, body });
}

/**
 * Cuts requests of the given line sizes (bytes, newline included) into files in order, each
 * within both limits; returns how many requests each file takes. A single line past maxBytes
 * still gets a file of its own: the provider refuses it and its error line says why.
 */
export function cutIntoFiles(lineBytes: readonly number[], limits: FileLimits): number[] {
  const files: number[] = [];
  let count = 0;
  let bytes = 0;
  for (const size of lineBytes) {
    if (count > 0 && (count + 1 > limits.maxRequests || bytes + size > limits.maxBytes)) {
      files.push(count);
      count = 0;
      bytes = 0;
    }
    count++;
    bytes += size;
  }
  if (count > 0) files.push(count);
  return files;
}
