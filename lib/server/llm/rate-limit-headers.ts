// What an endpoint says about its request budget (x-ratelimit-* headers), read so the runner can pace itself.
import "server-only";

/** One budget from the x-ratelimit-*-{requests,tokens} headers. */
export interface RateLimitBudget {
  limit: number | null;
  remaining: number | null;
  resetMs: number | null;
}

/** The endpoint's x-ratelimit-* headers: the request budget at the top level (as first shipped), tokens beside it. */
export interface RateLimitSnapshot extends RateLimitBudget {
  /** Present when the endpoint reports a token budget too. */
  tokens?: RateLimitBudget;
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

function budget(headers: Headers, unit: "requests" | "tokens"): RateLimitBudget | null {
  const count = (name: string) => {
    const value = Number.parseInt(headers.get(name) ?? "", 10);
    return Number.isFinite(value) ? value : null;
  };
  const found = {
    limit: count(`x-ratelimit-limit-${unit}`),
    remaining: count(`x-ratelimit-remaining-${unit}`),
    resetMs: parseDuration(headers.get(`x-ratelimit-reset-${unit}`)),
  };
  return found.limit === null && found.remaining === null && found.resetMs === null ? null : found;
}

export function rateLimitSnapshot(headers: Headers): RateLimitSnapshot | null {
  const requests = budget(headers, "requests");
  const tokens = budget(headers, "tokens");
  if (!requests && !tokens) return null;
  return { ...(requests ?? { limit: null, remaining: null, resetMs: null }), ...(tokens ? { tokens } : {}) };
}
