// The simulator's per-minute limits (requests, tokens): sliding windows, reported in OpenAI's x-ratelimit-* headers.
import "server-only";

export const RATE_WINDOW_MS = 60_000;
const MS_PER_SECOND = 1000;

export type RateUnit = "requests" | "tokens";

export type Check = { allowed: true } | { allowed: false; waitMs: number; used: number };

/** OpenAI's duration style for x-ratelimit-reset-*: "20ms", "1.2s", "6m0s". */
export function formatDuration(ms: number): string {
  if (ms < MS_PER_SECOND) return `${Math.max(0, Math.ceil(ms))}ms`;
  const seconds = Math.ceil(ms / 100) / 10;
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${Math.round(seconds % 60)}s`;
}

export function rateLimitHeaders(limit: number, remaining: number, resetMs: number, unit: RateUnit = "requests"): Record<string, string> {
  return {
    [`x-ratelimit-limit-${unit}`]: String(limit),
    [`x-ratelimit-remaining-${unit}`]: String(Math.max(0, remaining)),
    [`x-ratelimit-reset-${unit}`]: formatDuration(resetMs),
  };
}

export type RateWindow = ReturnType<typeof createRateWindow>;

/**
 * A per-minute limit (0 admits everything and sends no headers, like an endpoint without limits).
 * `windowMs` below a minute enforces the limit pro rata over that shorter window, as OpenAI does when
 * it quantizes per-minute limits; headers still name the per-minute limit, and "remaining" is what
 * the current window still takes.
 */
export function createRateWindow(perMinute: number, windowMs = RATE_WINDOW_MS, unit: RateUnit = "requests") {
  const limit = Math.floor(perMinute);
  const capacity = limit <= 0 ? 0 : Math.max(1, Math.floor((limit * windowMs) / RATE_WINDOW_MS));
  // Admissions within the window. Only admitted requests count, so a client that backs off recovers.
  const admitted: { at: number; cost: number }[] = [];
  let used = 0;

  function expire(now: number): void {
    while (admitted.length > 0 && (admitted[0]?.at ?? now) <= now - windowMs) used -= admitted.shift()?.cost ?? 0;
  }

  // In a sliding window the useful "reset" is when the oldest admission leaves and frees room.
  const resetMs = (now: number) => (admitted[0]?.at ?? now) + windowMs - now;

  return {
    limit,
    capacity,
    enabled: limit > 0,
    /** Whether `cost` fits now; if not, how long until enough of the window has passed. Records nothing. */
    check(now: number, cost = 1): Check {
      if (limit <= 0) return { allowed: true };
      expire(now);
      if (used + cost <= capacity) return { allowed: true };
      // A request larger than the whole window never fits: say "a full window" like OpenAI's "request too large".
      if (cost > capacity) return { allowed: false, waitMs: windowMs, used };
      let freed = capacity - used;
      for (const entry of admitted) {
        freed += entry.cost;
        if (freed >= cost) return { allowed: false, waitMs: Math.max(1, entry.at + windowMs - now), used };
      }
      return { allowed: false, waitMs: windowMs, used };
    },
    /** Records an admission; returns its x-ratelimit-* headers. */
    commit(now: number, cost = 1): Record<string, string> {
      if (limit <= 0) return {};
      admitted.push({ at: now, cost });
      used += cost;
      return rateLimitHeaders(limit, capacity - used, resetMs(now), unit);
    },
    /** The current state as headers, for answers that admitted nothing (a 429 for the other limit). */
    headers(now: number): Record<string, string> {
      if (limit <= 0) return {};
      expire(now);
      return rateLimitHeaders(limit, capacity - used, admitted.length === 0 ? 0 : resetMs(now), unit);
    },
  };
}
