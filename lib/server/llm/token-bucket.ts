// A token bucket for one per-minute budget (requests or tokens), which learns the real limit from
// the endpoint's x-ratelimit-* headers. Hand-written: p-throttle counts calls in fixed windows and
// bottleneck (no release since 2019) refills a reservoir at fixed intervals; both burst a window's
// budget at its edge, and neither takes a correction from the server's own count.
import "server-only";
import type { RateLimitBudget } from "./rate-limit-headers";

const MS_PER_MINUTE = 60_000;
/** Pace this far under the limit: absorbs clock skew and arrival jitter at the server's window edges. */
export const PACING_MARGIN = 0.02;
/**
 * The bucket holds this much time's worth of budget (at least MIN_CAPACITY): pacing, not bursts, because
 * OpenAI may enforce a per-minute limit over much shorter periods, where a burst on top of the pace is a 429.
 */
export const BURST_MS = 100;
/** Two units, so a timer that fires a little late does not lose budget. */
export const MIN_CAPACITY = 2;
/** Cap on waiting for an endpoint's "reset" when it says nothing is left (some report time-to-full). */
export const MAX_RESET_HOLD_MS = 5_000;

export class TokenBucket {
  private perMinute: number | null = null;
  private level = 0;
  private updatedAt: number;
  private heldUntil = 0;

  constructor(
    private readonly now: () => number,
    perMinute = 0,
  ) {
    this.updatedAt = now();
    if (perMinute > 0) this.setLimit(perMinute, perMinute);
  }

  /** The per-minute limit in use; null while unknown (nothing is held back). */
  get limit(): number | null {
    return this.perMinute;
  }

  get capacity(): number {
    return this.perMinute === null ? Infinity : Math.max(MIN_CAPACITY, this.ratePerMs() * BURST_MS);
  }

  /** Milliseconds until `cost` may be taken; 0 means now. A cost above the capacity waits for a full bucket. */
  waitMs(cost: number): number {
    if (this.perMinute === null) return 0;
    const now = this.refill();
    const hold = Math.max(0, this.heldUntil - now);
    const missing = Math.min(cost, this.capacity) - this.level;
    return Math.max(hold, missing <= 0 ? 0 : Math.ceil(missing / this.ratePerMs()));
  }

  /** Takes `cost`; the level may go below zero (a debt later requests wait out), so big requests pace right. */
  take(cost: number): void {
    if (this.perMinute === null) return;
    this.refill();
    this.level -= cost;
  }

  /** Corrects a taken estimate once the real cost is known (negative gives back). */
  adjust(delta: number): void {
    if (this.perMinute === null || delta === 0) return;
    this.refill();
    this.level = Math.min(this.capacity, this.level - delta);
  }

  /** After a 429: nothing saved up survives, so the release after a pause is paced, not a burst. */
  drain(): void {
    if (this.perMinute === null) return;
    this.refill();
    this.level = Math.min(this.level, 0);
  }

  /**
   * Learns from a response's headers. `inFlight` is what this process has sent that the server may not
   * have counted yet: the server's "remaining" minus that is all that is safe to use.
   */
  learn(budget: RateLimitBudget | null | undefined, inFlight: number): void {
    if (!budget) return;
    if (budget.limit !== null && budget.limit > 0 && budget.limit !== this.perMinute) {
      this.setLimit(budget.limit, budget.remaining === null ? 0 : budget.remaining - inFlight);
    }
    if (this.perMinute === null || budget.remaining === null) return;
    const now = this.refill();
    const usable = budget.remaining - inFlight;
    this.level = Math.min(this.level, usable);
    if (usable <= 0 && budget.resetMs !== null) this.heldUntil = Math.max(this.heldUntil, now + Math.min(budget.resetMs, MAX_RESET_HOLD_MS));
  }

  private setLimit(perMinute: number, startLevel: number): void {
    const first = this.perMinute === null;
    this.refill();
    this.perMinute = perMinute;
    // A newly learned limit starts from what the server says is left (at most a burst); a changed one keeps its level.
    this.level = Math.min(this.capacity, first ? startLevel : this.level);
  }

  private ratePerMs(): number {
    return ((this.perMinute ?? 0) * (1 - PACING_MARGIN)) / MS_PER_MINUTE;
  }

  private refill(): number {
    const now = this.now();
    if (this.perMinute !== null) this.level = Math.min(this.capacity, this.level + Math.max(0, now - this.updatedAt) * this.ratePerMs());
    this.updatedAt = now;
    return now;
  }
}
