// One rate limiter per endpoint and key, shared by every run in the process: request and token
// budgets (token buckets that learn the real limits from x-ratelimit-* headers), a pause on new
// requests when a 429 says retry-after, and adaptive concurrency. Requests already in flight are
// never held back, and other endpoints are never paused by this one's 429s. Waiters are granted in
// priority order (stream items, then runs by their priority), aged so that bulk work is slowed,
// never starved.
import "server-only";
import { createHash } from "node:crypto";
import { AdaptiveWindow } from "./adaptive-window";
import type { RateLimitSnapshot } from "./rate-limit-headers";
import { TokenBucket } from "./token-bucket";

/** A 429 without retry-after pauses this long, doubling per consecutive 429. */
export const FALLBACK_PAUSE_MS = 1_000;
/** The longest pause one 429 can impose. */
export const MAX_PAUSE_MS = 120_000;
/** A pause ends up to this share later (at most MAX_PAUSE_JITTER_MS), so processes sharing a key do not return in lockstep. */
const PAUSE_JITTER = 0.1;
const MAX_PAUSE_JITTER_MS = 1_000;
/** How quickly the estimate of tokens the caller cannot see (completion, framing) follows real usage. */
const TOKEN_BIAS_WEIGHT = 0.2;

export interface RateLimits {
  /** Requests per minute; 0 or absent: unknown until the endpoint's headers say. */
  rpm?: number;
  /** Tokens per minute; 0 or absent: unknown until the endpoint's headers say. */
  tpm?: number;
}

/**
 * Who is asking, for the order of the queue: a stream item (someone waits for its answer) or a run's
 * item; `level` is the stream's or run's priority, -100..100 (clamped).
 */
export interface RequestPriority {
  class: "stream" | "run";
  level: number;
}

/** What a request without a priority counts as. */
export const DEFAULT_PRIORITY: RequestPriority = { class: "run", level: 0 };
export const PRIORITY_LEVELS = { min: -100, max: 100 } as const;
/**
 * Aging: a waiter's effective level rises by one per this many milliseconds waited, so a run at
 * -100 waiting behind a steady flow of runs at +100 gets through after 100 s at most.
 */
export const AGING_MS_PER_LEVEL = 500;
/**
 * A stream item ranks this many levels above a run's item of the same level: the lowest stream
 * (-100) still goes before the highest run (+100) that arrived at the same time, and a run item
 * overtakes a stream item of its own level after 300 levels of aging (150 s): slowed, never starved.
 */
export const STREAM_CLASS_LEVELS = 300;

/** The level a waiter has after waiting `waitedMs`: what the queue is ordered by. */
export function effectiveLevel(priority: RequestPriority, waitedMs: number): number {
  const level = Math.min(PRIORITY_LEVELS.max, Math.max(PRIORITY_LEVELS.min, Number.isFinite(priority.level) ? priority.level : 0));
  return (priority.class === "stream" ? STREAM_CLASS_LEVELS : 0) + level + Math.max(0, waitedMs) / AGING_MS_PER_LEVEL;
}

export interface AcquireOptions {
  /** The request's prompt-side token estimate; the limiter adds what it has learned about the rest. */
  estimatedTokens?: number;
  signal?: AbortSignal;
  /** Absent: DEFAULT_PRIORITY (a run's item at level 0). */
  priority?: RequestPriority;
}

export interface PermitOutcome {
  /** The endpoint answered with a usable success. */
  ok: boolean;
  /** A 429 that asks to come back later. */
  rateLimited?: boolean;
  retryAfterMs?: number;
  rateLimit?: RateLimitSnapshot | null;
  /** Prompt + completion tokens the endpoint counted (0 for a 429). */
  tokensUsed?: number;
}

/** Leave to send one request; call done() exactly once when its answer (or failure) is in. */
export interface Permit {
  done(outcome: PermitOutcome): void;
}

export interface RateLimiterStats {
  granted: number;
  rateLimited: number;
  inFlight: number;
  waiting: number;
  window: number;
  rpm: number | null;
  tpm: number | null;
  pausedForMs: number;
}

export interface RateLimiterOptions {
  limits?: RateLimits;
  now?: () => number;
  random?: () => number;
}

interface Waiter {
  /**
   * The effective level at time 0. Every waiter ages at the same rate, so comparing two waiters'
   * effective levels at any moment gives the order of their ranks: the queue is sorted once, on arrival.
   */
  rank: number;
  estimated: number;
  cost: number;
  resolve: (permit: Permit) => void;
  reject: (reason: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export class EndpointRateLimiter {
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly requests: TokenBucket;
  private readonly tokens: TokenBucket;
  private readonly window = new AdaptiveWindow();
  private queue: Waiter[] = [];
  private inFlight = 0;
  private inFlightTokens = 0;
  private pausedUntil = 0;
  private consecutiveRateLimits = 0;
  private windowBlocked = false;
  private tokenBias = 0;
  private grants = 0;
  private rateLimitedCount = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerAt = 0;

  constructor(options: RateLimiterOptions = {}) {
    this.now = options.now ?? (() => Date.now());
    this.random = options.random ?? (() => Math.random());
    this.requests = new TokenBucket(this.now, options.limits?.rpm ?? 0);
    this.tokens = new TokenBucket(this.now, options.limits?.tpm ?? 0);
  }

  /**
   * Waits until a request may go: highest effective level first (effectiveLevel), first come first
   * served within one; rejects with the signal's reason on abort.
   */
  acquire({ estimatedTokens = 0, signal, priority = DEFAULT_PRIORITY }: AcquireOptions = {}): Promise<Permit> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Permit>((resolve, reject) => {
      const estimated = Math.max(0, estimatedTokens);
      const rank = effectiveLevel(priority, 0) - this.now() / AGING_MS_PER_LEVEL;
      const waiter: Waiter = { rank, estimated, cost: Math.max(1, Math.round(estimated + Math.max(0, this.tokenBias))), resolve, reject };
      if (signal) {
        waiter.signal = signal;
        waiter.onAbort = () => {
          this.queue = this.queue.filter((w) => w !== waiter);
          reject(signal.reason);
          this.pump();
        };
        signal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      this.enqueue(waiter);
      this.pump();
    });
  }

  /**
   * Inserts behind every waiter of the same or a higher rank (so equal ranks keep their arrival
   * order). A sorted array: binary search to insert, and an abort can take a waiter from the middle.
   */
  private enqueue(waiter: Waiter): void {
    let lo = 0;
    let hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.queue[mid]?.rank ?? -Infinity) >= waiter.rank) lo = mid + 1;
      else hi = mid;
    }
    this.queue.splice(lo, 0, waiter);
  }

  /** Whether it knows a request or token limit, so that requests queue here for their turn. */
  get paces(): boolean {
    return this.requests.limit !== null || this.tokens.limit !== null;
  }

  stats(): RateLimiterStats {
    return {
      granted: this.grants,
      rateLimited: this.rateLimitedCount,
      inFlight: this.inFlight,
      waiting: this.queue.length,
      window: this.window.size,
      rpm: this.requests.limit,
      tpm: this.tokens.limit,
      pausedForMs: Math.max(0, this.pausedUntil - this.now()),
    };
  }

  private pump(): void {
    for (let head = this.queue[0]; head; head = this.queue[0]) {
      const waitMs = Math.max(this.pausedUntil - this.now(), this.requests.waitMs(1), this.tokens.waitMs(head.cost));
      if (waitMs > 0) return this.wakeIn(waitMs);
      if (this.inFlight >= this.window.size) {
        this.windowBlocked = true;
        return; // the next done() pumps again
      }
      this.queue.shift();
      this.grant(head);
    }
  }

  private wakeIn(ms: number): void {
    const at = this.now() + ms;
    if (this.timer !== null && this.timerAt <= at) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pump();
    }, ms);
  }

  private grant(waiter: Waiter): void {
    if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener("abort", waiter.onAbort);
    this.requests.take(1);
    this.tokens.take(waiter.cost);
    this.inFlight += 1;
    this.inFlightTokens += waiter.cost;
    const grant = ++this.grants;
    let finished = false;
    waiter.resolve({
      done: (outcome) => {
        if (finished) return;
        finished = true;
        this.finish(grant, waiter, outcome);
      },
    });
  }

  private finish(grant: number, waiter: Waiter, outcome: PermitOutcome): void {
    const now = this.now();
    this.inFlight -= 1;
    this.inFlightTokens -= waiter.cost;
    if (outcome.tokensUsed !== undefined) {
      this.tokens.adjust(outcome.tokensUsed - waiter.cost);
      if (outcome.ok) this.tokenBias += TOKEN_BIAS_WEIGHT * (outcome.tokensUsed - waiter.estimated - this.tokenBias);
    }
    this.requests.learn(outcome.rateLimit, this.inFlight);
    this.tokens.learn(outcome.rateLimit?.tokens, this.inFlightTokens);

    if (outcome.rateLimited) {
      this.rateLimitedCount += 1;
      this.consecutiveRateLimits += 1;
      const pause = Math.min(MAX_PAUSE_MS, outcome.retryAfterMs ?? FALLBACK_PAUSE_MS * 2 ** (this.consecutiveRateLimits - 1));
      const jitter = this.random() * Math.min(pause * PAUSE_JITTER, MAX_PAUSE_JITTER_MS);
      this.pausedUntil = Math.max(this.pausedUntil, now + pause + jitter);
      this.requests.drain();
      this.tokens.drain();
      this.window.onRateLimited(grant, this.grants, this.inFlight, now);
    } else if (outcome.ok) {
      this.consecutiveRateLimits = 0;
      this.window.onSuccess(this.windowBlocked || this.inFlight + 1 >= this.window.size, now);
      this.windowBlocked = false;
    }
    this.pump();
  }
}

export interface LimitedEndpoint {
  baseURL: string;
  apiKey: string;
}

/** The registry key: the endpoint and a hash of the key (never the key itself). */
export function rateLimiterKey(endpoint: LimitedEndpoint): string {
  const keyHash = createHash("sha256").update(endpoint.apiKey).digest("hex").slice(0, 16);
  return `${endpoint.baseURL.replace(/\/+$/, "")}#${keyHash}`;
}

// On globalThis: Next.js may load this module in several bundles, and every run must share one limiter.
const globalForLimiters = globalThis as typeof globalThis & { batchwiseRateLimiters?: Map<string, EndpointRateLimiter> };

/** The process-wide limiter for this endpoint and key; `limits` apply when it is first created. */
export function rateLimiterFor(endpoint: LimitedEndpoint, limits: RateLimits = {}): EndpointRateLimiter {
  const limiters = (globalForLimiters.batchwiseRateLimiters ??= new Map());
  const key = rateLimiterKey(endpoint);
  let limiter = limiters.get(key);
  if (!limiter) {
    limiter = new EndpointRateLimiter({ limits });
    limiters.set(key, limiter);
  }
  return limiter;
}
