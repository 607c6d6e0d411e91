// Lets a producer prepare the next piece of work while the last one is still being written:
// parsing overlaps a database round trip or a file write, and memory holds at most two batches.
import "server-only";

export class OneInFlight {
  /** Never rejects: a failure is kept in `failure` and rethrown by the next start() or finish(). */
  private running: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;

  /** Waits for the step in flight (rethrowing its failure), then starts `step` without waiting for it. */
  async start(step: () => Promise<unknown>): Promise<void> {
    await this.finish();
    this.running = step().then(
      () => undefined,
      (error: unknown) => {
        this.failure = { error };
      },
    );
  }

  /** Waits for the step in flight; rethrows its failure. */
  async finish(): Promise<void> {
    await this.running;
    if (this.failure) throw this.failure.error;
  }

  /**
   * Waits for the step in flight without rethrowing: for when the caller is already failing
   * with an error of its own and must not leave a write running behind it.
   */
  settled(): Promise<void> {
    return this.running;
  }
}
