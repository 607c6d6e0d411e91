// The simulator's requests-per-minute limit: a sliding 60-second window, reported in OpenAI's x-ratelimit-* headers.

export const RATE_WINDOW_MS = 60_000;
const MS_PER_SECOND = 1000;

export type Admission = { allowed: true; headers: Record<string, string> } | { allowed: false; waitMs: number };

/** OpenAI's duration style for x-ratelimit-reset-*: "20ms", "1.2s", "6m0s". */
export function formatDuration(ms: number): string {
  if (ms < MS_PER_SECOND) return `${Math.max(0, Math.ceil(ms))}ms`;
  const seconds = Math.ceil(ms / 100) / 10;
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${Math.round(seconds % 60)}s`;
}

export function rateLimitHeaders(limit: number, remaining: number, resetMs: number): Record<string, string> {
  return {
    "x-ratelimit-limit-requests": String(limit),
    "x-ratelimit-remaining-requests": String(Math.max(0, remaining)),
    "x-ratelimit-reset-requests": formatDuration(resetMs),
  };
}

/** rpm 0 admits everything and sends no headers, like an endpoint without limits. */
export function createRateWindow(rpm: number, windowMs = RATE_WINDOW_MS) {
  const limit = Math.floor(rpm);
  // Admission times within the window. Only admitted requests count, so a client that backs off recovers.
  const admitted: number[] = [];

  return {
    limit,
    admit(now: number): Admission {
      if (limit <= 0) return { allowed: true, headers: {} };
      while (admitted.length > 0 && (admitted[0] ?? now) <= now - windowMs) admitted.shift();
      const oldest = admitted[0];
      if (admitted.length >= limit && oldest !== undefined) return { allowed: false, waitMs: oldest + windowMs - now };
      admitted.push(now);
      // In a sliding window the useful "reset" is when the oldest admission leaves and frees a slot.
      return { allowed: true, headers: rateLimitHeaders(limit, limit - admitted.length, (admitted[0] ?? now) + windowMs - now) };
    },
  };
}
