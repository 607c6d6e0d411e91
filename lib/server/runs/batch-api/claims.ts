// The names a batch-mode pass writes on its items and requests, so a replayed step knows its own.
import "server-only";

/** The claim on the items of one remote batch while it is out: `remote:<pass>:<number>`. */
export const remoteClaim = (pass: number, number: number) => `remote:${pass}:${number}`;

/**
 * Items whose remote batch expired or was cancelled before answering them were never attempted:
 * they wait (pending, or failed with their attempts unchanged) under this claim for the pass's
 * synchronous fallback, and no later remote batch of the pass takes them.
 */
export const fallbackClaim = (pass: number) => `fallback:${pass}`;

/**
 * A request's custom_id names the item and its attempt (1-based), so an answer is matched to the
 * attempt it was sent for, and a line for an earlier attempt can never settle a later one.
 */
export function customIdFor(itemId: string, attempt: number): string {
  return `${itemId}~${attempt}`;
}

export function parseCustomId(customId: string): { itemId: string; attempt: number } | null {
  const at = customId.lastIndexOf("~");
  if (at <= 0) return null;
  const attempt = Number(customId.slice(at + 1));
  return Number.isInteger(attempt) && attempt > 0 ? { itemId: customId.slice(0, at), attempt } : null;
}
