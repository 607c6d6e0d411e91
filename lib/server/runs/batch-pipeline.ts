// Pipelined batches (the local executor): batch N+1 starts sending once none of batch N's items waits
// to be sent any more, so the endpoint's limit stays busy while N's last answers are in flight.
// Batches are still claimed, settled, recorded and judged by the breaker one by one, in order:
// N+1 is judged only after N, and stops sending (its unsent items go back) unless N continued.
import "server-only";
import pLimit, { type LimitFunction } from "p-limit";

/** What the overlapping batches of one execution share. */
export class RunPipeline {
  private limit?: LimitFunction;
  private reserved = new Map<number, number>();
  private reservations = 0;

  /** One bound on the run's calls in flight across the batches that overlap (the run's concurrency). */
  concurrencyLimit(concurrency: number): LimitFunction {
    return (this.limit ??= pLimit(concurrency));
  }

  /**
   * What batches sent but not yet judged have reserved: their cost is not all in the run's counter, so a
   * batch starting early checks the budget against it too. Returns the release, called once judged.
   */
  reserve(nanos: number): () => void {
    const id = ++this.reservations;
    this.reserved.set(id, nanos);
    return () => this.reserved.delete(id);
  }

  get reservedNanos(): number {
    let sum = 0;
    for (const nanos of this.reserved.values()) sum += nanos;
    return sum;
  }
}
