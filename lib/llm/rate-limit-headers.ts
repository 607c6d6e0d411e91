// What an endpoint says about its request budget (x-ratelimit-* headers), read so the runner can pace itself.

/** The endpoint's x-ratelimit-* request headers, for pacing the next batch. */
export interface RateLimitSnapshot {
  limit: number | null;
  remaining: number | null;
  resetMs: number | null;
}

/** "1.2s", "6m0s", "20ms" → milliseconds. */
export function parseDuration(text: string | null): number | null {
  if (!text) return null;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let matched = false;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(amount) * (units[unit ?? ""] ?? 0);
    matched = true;
  }
  return matched ? Math.round(total) : null;
}

export function rateLimitSnapshot(headers: Headers): RateLimitSnapshot | null {
  const count = (name: string) => {
    const value = Number.parseInt(headers.get(name) ?? "", 10);
    return Number.isFinite(value) ? value : null;
  };
  const snapshot = {
    limit: count("x-ratelimit-limit-requests"),
    remaining: count("x-ratelimit-remaining-requests"),
    resetMs: parseDuration(headers.get("x-ratelimit-reset-requests")),
  };
  return snapshot.limit === null && snapshot.remaining === null && snapshot.resetMs === null ? null : snapshot;
}
