// The in-process stream executor (no Inngest configured): one batcher loop per stream this process
// holds. A loop closes micro-batches when full or when their first item has waited maxWaitMs,
// runs them (a few at once) through the run's batch code, and sends the webhooks due. Items
// live in the database, so a loop can stop at any time: whoever holds the stream next (a lease on
// its run row, as the run executor's) recovers what was in flight and carries on.
import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { db } from "@/lib/server/db";
import { isProcessGone, leaseOwnerId } from "@/lib/server/runs/lease-owner";
import { LEASE_MS, withRetries } from "@/lib/server/runs/local-executor";
import { closeStreamBatches, recoverStream, retryStreamFailures, runStreamBatch } from "@/lib/server/streams/micro-batch";
import { deliverDueWebhooks } from "@/lib/server/streams/webhooks";

/** A loop with nothing due looks again this often: items sent to another process, a resume made elsewhere. */
export const STREAM_IDLE_LOOK_MS = 1_000;
const HEARTBEAT_MS = 3_000;
/** How often the supervisor looks for streams nobody holds, and sends every stream's due webhooks. */
const SUPERVISE_MS = 2_000;
const ACTIVE = ["queued", "running", "paused"];

/**
 * Micro-batches of one stream in flight at once. One at a time, a stream answers no faster than one
 * batch per limiter wait: behind a bulk run's queue that is seconds, and arrivals pile up. Each
 * batch still claims its own items and is judged by the breaker on its own, as a run's are.
 */
export const STREAM_BATCHES_IN_FLIGHT = 4;

class StreamLoop {
  private stopped = false;
  private poked = false;
  private wake: (() => void) | null = null;
  private inFlight = new Set<Promise<void>>();
  private ended = false;
  readonly done: Promise<void>;

  constructor(
    readonly streamId: string,
    onEnd: () => void,
  ) {
    this.done = this.loop().finally(onEnd);
  }

  poke(): void {
    this.poked = true;
    this.wake?.();
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  private async loop(): Promise<void> {
    const label = `[stream ${this.streamId}]`;
    try {
      await withRetries(() => recoverStream(this.streamId), `${label} recovery`);
      while (!this.stopped && !this.ended) {
        this.poked = false;
        const free = STREAM_BATCHES_IN_FLIGHT - this.inFlight.size;
        const closed =
          free > 0
            ? await withRetries(() => closeStreamBatches(this.streamId, { maxBatches: free, requeue: this.inFlight.size === 0 }), `${label} closing batches`)
            : { batches: [], nextDueAt: null, running: true };
        for (const batch of closed.batches) this.start(batch, label);
        if (this.inFlight.size === 0) {
          if (await this.hasEnded()) return;
          if (closed.running) await withRetries(() => this.retryLeftovers(), `${label} retries`);
          await deliverDueWebhooks({ streamIds: [this.streamId] }).catch((error: unknown) => console.error(`${label} sending webhooks failed`, error));
        }
        if (closed.batches.length > 0 || this.poked) continue;
        // Nothing due: sleep until the open batch falls due, a batch finishes, or items arrive (a poke).
        const wait = closed.nextDueAt === null ? STREAM_IDLE_LOOK_MS : Math.min(STREAM_IDLE_LOOK_MS, Math.max(0, closed.nextDueAt - Date.now()));
        await this.sleep(wait);
      }
      await Promise.allSettled([...this.inFlight]);
    } catch (error) {
      await Promise.allSettled([...this.inFlight]);
      console.error(`${label} the stream executor stopped on an error; the supervisor takes it up again`, error);
    }
  }

  private start(batch: number, label: string): void {
    const task: Promise<void> = withRetries(() => runStreamBatch(this.streamId, batch), `${label} batch ${batch}`)
      .then((outcome) => {
        if (outcome === "ended") this.ended = true;
      })
      .catch((error: unknown) => console.error(`${label} batch ${batch} stopped on an error; its items queue again`, error))
      .finally(() => {
        this.inFlight.delete(task);
        this.poke();
      });
    this.inFlight.add(task);
  }

  /** Failures a crashed or paused batch left for a retry pass. */
  private async retryLeftovers(): Promise<void> {
    const stream = await db.stream.findUniqueOrThrow({ where: { id: this.streamId }, select: { runId: true, run: { select: { maxRetries: true, failedCount: true } } } });
    if (stream.run.failedCount > 0) await retryStreamFailures(stream.runId, 0, stream.run.maxRetries);
  }

  private async hasEnded(): Promise<boolean> {
    const stream = await db.stream.findUnique({ where: { id: this.streamId }, select: { run: { select: { status: true } } } });
    return !stream || !ACTIVE.includes(stream.run.status);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}

export class LocalStreamExecutor {
  readonly owner = leaseOwnerId(hostname(), process.pid, randomUUID());
  private loops = new Map<string, StreamLoop>();
  private claiming = new Map<string, Promise<boolean>>();
  private supervisor?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;

  /** Starts the supervisor (the app does, at start-up); returns how many streams it took up now. */
  async start(): Promise<number> {
    this.supervisor ??= repeat(SUPERVISE_MS, () => this.supervise(), "looking for streams");
    return this.supervise();
  }

  stop(): void {
    clearInterval(this.supervisor);
    clearInterval(this.heartbeatTimer);
    this.supervisor = this.heartbeatTimer = undefined;
    for (const loop of this.loops.values()) loop.stop();
  }

  /** Items arrived or the stream was resumed: its loop looks now (taking the stream up first if nobody holds it). */
  notify(streamId: string): void {
    const loop = this.loops.get(streamId);
    if (loop) return loop.poke();
    void this.take(streamId).catch((error: unknown) => console.error(`[stream ${streamId}] could not be taken up`, error));
  }

  /** Streams whose loop runs in this process. */
  heldStreamIds(): string[] {
    return [...this.loops.keys()];
  }

  /** Waits until the stream's loop here has ended (tests; a stream archived or lost). */
  async settled(streamId: string): Promise<void> {
    await this.loops.get(streamId)?.done;
  }

  /** Takes up every active local stream nobody holds, and sends due webhooks of all streams; `streamIds` narrows both (tests share a database). */
  async supervise(options: { streamIds?: string[] } = {}): Promise<number> {
    const streams = await db.stream.findMany({
      where: { run: { executor: "local", status: { in: ACTIVE } }, ...(options.streamIds ? { id: { in: options.streamIds } } : {}) },
      select: { id: true },
    });
    let taken = 0;
    for (const stream of streams) if (!this.loops.has(stream.id) && (await this.take(stream.id))) taken++;
    await deliverDueWebhooks(options.streamIds ? { streamIds: options.streamIds } : {});
    return taken;
  }

  private take(streamId: string): Promise<boolean> {
    const pending = this.claiming.get(streamId);
    if (pending) return pending;
    const claim = this.claimLease(streamId)
      .then((won) => {
        if (won && !this.loops.has(streamId)) {
          this.loops.set(streamId, new StreamLoop(streamId, () => this.release(streamId)));
          this.heartbeatTimer ??= repeat(HEARTBEAT_MS, () => this.heartbeat(), "renewing stream leases");
        }
        return won;
      })
      .finally(() => this.claiming.delete(streamId));
    this.claiming.set(streamId, claim);
    return claim;
  }

  private release(streamId: string): void {
    this.loops.delete(streamId);
    void db.stream
      .findUnique({ where: { id: streamId }, select: { runId: true } })
      .then((stream) => stream && db.run.updateMany({ where: { id: stream.runId, leaseOwner: this.owner }, data: { leaseOwner: null, leaseExpiresAt: null } }))
      .catch((error: unknown) => console.error(`[stream ${streamId}] could not release its lease`, error));
  }

  /** Conditional: of two processes taking one stream, one wins. */
  private async claimLease(streamId: string): Promise<boolean> {
    const stream = await db.stream.findUnique({ where: { id: streamId }, select: { runId: true, run: { select: { executor: true, leaseOwner: true } } } });
    if (!stream || stream.run.executor !== "local") return false;
    const now = new Date();
    const free: object[] = [{ leaseOwner: null }, { leaseOwner: this.owner }, { leaseExpiresAt: { lt: now } }];
    if (stream.run.leaseOwner && isProcessGone(stream.run.leaseOwner, hostname())) free.push({ leaseOwner: stream.run.leaseOwner });
    const { count } = await db.run.updateMany({
      where: { id: stream.runId, status: { in: ACTIVE }, OR: free },
      data: { leaseOwner: this.owner, leaseExpiresAt: new Date(now.getTime() + LEASE_MS) },
    });
    return count === 1;
  }

  private async heartbeat(): Promise<void> {
    if (this.loops.size === 0) return;
    const streams = await db.stream.findMany({ where: { id: { in: [...this.loops.keys()] } }, select: { id: true, runId: true } });
    await db.run.updateMany({
      where: { id: { in: streams.map((s) => s.runId) }, leaseOwner: this.owner },
      data: { leaseExpiresAt: new Date(Date.now() + LEASE_MS) },
    });
  }
}

function repeat(ms: number, task: () => Promise<unknown>, what: string): NodeJS.Timeout {
  const timer = setInterval(() => void task().catch((error: unknown) => console.error(`[streams] ${what} failed`, error)), ms);
  timer.unref();
  return timer;
}

// One executor per process, also when Next.js loads this module in several bundles.
const globalForStreams = globalThis as unknown as { batchwiseStreamExecutor?: LocalStreamExecutor };
export const localStreamExecutor = (globalForStreams.batchwiseStreamExecutor ??= new LocalStreamExecutor());
