// Adaptive concurrency for one endpoint (AIMD, as TCP does it): how many requests may be in flight.
// Halved on a 429, grown back by one after a window's worth of successes, and only ever grown while
// it is what holds requests back, so it never runs past what the runs' own concurrency lets through.
import "server-only";

/** Before the first answer: a few probes learn the limits from headers before the rest are let go. */
export const INITIAL_WINDOW = 4;
export const MAX_WINDOW = 1_000;
/** This long without a 429 and growth is fast again (doubling per round trip). */
export const CLEAR_AFTER_MS = 30_000;

export class AdaptiveWindow {
  private value = INITIAL_WINDOW;
  /** Below it the window doubles per round trip (slow start); above it, +1 per window of successes. */
  private threshold = Infinity;
  private successes = 0;
  private lastCutAt = -Infinity;
  private lastCutGrant = 0;

  get size(): number {
    return Math.max(1, Math.floor(this.value));
  }

  /** A successful answer; `saturated` says whether the window was the limit at the time. */
  onSuccess(saturated: boolean, now: number): void {
    if (now - this.lastCutAt > CLEAR_AFTER_MS) this.threshold = Infinity;
    if (!saturated) return;
    if (this.value < this.threshold) {
      this.value += 1;
    } else if (++this.successes >= this.size) {
      this.value += 1;
      this.successes = 0;
    }
    this.value = Math.min(this.value, MAX_WINDOW);
  }

  /**
   * A 429 on the `granted`-th request, with `inFlight` others still out and `latest` granted so far.
   * Requests granted before the last cut belong to the congestion already answered, so a burst of
   * 429s halves the window once.
   */
  onRateLimited(granted: number, latest: number, inFlight: number, now: number): boolean {
    if (granted <= this.lastCutGrant) return false;
    this.value = Math.max(1, Math.floor(Math.min(this.value, inFlight + 1) / 2));
    this.threshold = this.value;
    this.successes = 0;
    this.lastCutGrant = latest;
    this.lastCutAt = now;
    return true;
  }
}
