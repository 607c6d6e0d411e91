// How long to wait before looking at a remote batch again: soon at first (small batches finish in
// minutes), then less and less often, since a batch may take up to 24 hours.
import "server-only";

const GROWTH = 1.5;

/** The wait before poll number `poll` (1-based) of one remote batch. */
export function pollWaitMs(poll: number, firstMs: number, maxMs: number): number {
  return Math.min(maxMs, Math.round(firstMs * GROWTH ** Math.max(0, poll - 1)));
}
