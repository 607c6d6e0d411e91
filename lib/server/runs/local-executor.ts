// The embedded executor: runs the workflow in this process when no Inngest server is configured.
// Waiting runs start in priority order (aged, so low priority is never starved). It heals itself:
// a failed step is retried with backoff, as Inngest would retry it, and a supervisor picks up every
// unfinished run nobody is executing (after a crash, a restart, or an execution that gave up)
// within seconds. A lease on the run row keeps two processes from executing the same run.
import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { db } from "@/lib/server/db";
import { executeRun, type WorkflowSteps } from "@/lib/server/runs/workflow";
import { isProcessGone, leaseOwnerId } from "@/lib/server/runs/lease-owner";
import { executeReviewJob, failReviewJob, REVIEW_JOB_LEASE_MS } from "@/lib/server/review/jobs";
import { REMOTE_WAIT_STEP_PREFIX } from "@/lib/server/runs/batch-api/remote-pass";

/** Runs executing at once in one process; each run still does one batch at a time. */
export const MAX_PARALLEL_RUNS = 2;
/** A waiting run gains one priority point per minute waited. */
const AGING_POINTS_PER_MINUTE = 1;
/** How often a paused run looks for a resume made by another process. */
const RESUME_POLL_MS = 1_000;
/** How long a claim on a run holds without a heartbeat; a run whose executor died is free after this. */
export const LEASE_MS = 15_000;
const HEARTBEAT_MS = 3_000;
/** How often the supervisor looks for unfinished runs nobody executes. */
export const SUPERVISE_MS = 2_000;
/** A step that throws is tried this many times in all, waiting 250 ms, 500 ms, 1 s, 2 s between. */
export const STEP_ATTEMPTS = 5;
const STEP_BACKOFF_MS = 250;
/** After an execution gives up, the supervisor waits before the next: 5 s, doubling to 5 minutes. */
const RESTART_BACKOFF_MS = 5_000;
const RESTART_BACKOFF_MAX_MS = 5 * 60_000;

const UNFINISHED = ["queued", "running", "paused"];
/** Bulk review jobs executing at once in one process (each bounded by its runs' concurrency); more wait queued. */
export const MAX_PARALLEL_REVIEW_JOBS = 2;

export type RunSignal = "resumed" | "cancelled";

interface WaitingRun {
  runId: string;
  priority: number;
  enqueuedAt: number;
}

export class LocalExecutor {
  /** Who holds a run's lease: this host, this process, this executor. */
  readonly owner = leaseOwnerId(hostname(), process.pid, randomUUID());
  private waiting: WaitingRun[] = [];
  private active = new Set<string>();
  /** Active runs waiting for a resume: they do not hold one of the parallel slots. */
  private paused = new Set<string>();
  private listeners = new Map<string, (signal: RunSignal) => void>();
  /** Runs whose execution gave up, and when the supervisor may try them again. */
  private restarts = new Map<string, { failures: number; notBefore: number }>();
  /** Bulk review jobs executing here (lib/server/review/jobs.ts). */
  private reviewJobs = new Set<string>();
  private supervisor?: NodeJS.Timeout;
  /** Renews the leases of the runs executing here; runs whenever there are any (also without start()). */
  private heartbeatTimer?: NodeJS.Timeout;

  /** Starts the supervisor; returns how many unfinished runs it picked up now. */
  async start(): Promise<number> {
    this.supervisor ??= repeat(SUPERVISE_MS, () => this.supervise(), "looking for unfinished runs");
    return this.supervise();
  }

  stop(): void {
    clearInterval(this.supervisor);
    clearInterval(this.heartbeatTimer);
    this.supervisor = this.heartbeatTimer = undefined;
  }

  enqueue(runId: string, priority: number): void {
    if (this.active.has(runId) || this.waiting.some((w) => w.runId === runId)) return;
    this.waiting.push({ runId, priority, enqueuedAt: Date.now() });
    this.pump();
  }

  /** Starts a bulk review job now if a slot is free; otherwise it stays queued for the supervisor. */
  enqueueReviewJob(jobId: string): void {
    if (this.reviewJobs.has(jobId) || this.reviewJobs.size >= MAX_PARALLEL_REVIEW_JOBS) return;
    this.reviewJobs.add(jobId);
    this.heartbeatTimer ??= repeat(HEARTBEAT_MS, () => this.heartbeat(), "renewing run leases");
    void this.executeReviewJob(jobId);
  }

  /** Review jobs executing in this process. */
  activeReviewJobIds(): string[] {
    return [...this.reviewJobs];
  }

  signal(runId: string, signal: RunSignal): void {
    this.listeners.get(runId)?.(signal);
  }

  /**
   * Queues every unfinished local run that nobody is executing; returns how many it queued.
   * `runIds` narrows the look to those runs (tests share one database between processes).
   */
  async supervise(options: { now?: number; runIds?: string[] } = {}): Promise<number> {
    const now = options.now ?? Date.now();
    // Narrowed to some runs (a test's), it leaves other processes' review jobs alone.
    if (!options.runIds) await this.superviseReviewJobs(now);
    const runs = await db.run.findMany({
      where: { executor: "local", status: { in: UNFINISHED }, kind: { not: "stream" }, ...(options.runIds ? { id: { in: options.runIds } } : {}) },
      select: { id: true, priority: true, leaseOwner: true, leaseExpiresAt: true },
      orderBy: { createdAt: "asc" },
    });
    let queued = 0;
    for (const run of runs) {
      if (this.active.has(run.id) || this.waiting.some((w) => w.runId === run.id)) continue;
      if ((this.restarts.get(run.id)?.notBefore ?? 0) > now) continue;
      if (!this.leaseIsFree(run, now)) continue;
      this.enqueue(run.id, run.priority);
      queued++;
    }
    return queued;
  }

  /** Starts local review jobs that are queued, or running with nobody renewing their lease; returns how many. */
  async superviseReviewJobs(now = Date.now()): Promise<number> {
    if (this.reviewJobs.size >= MAX_PARALLEL_REVIEW_JOBS) return 0;
    const jobs = await db.reviewJob.findMany({
      where: { executor: "local", status: { in: ["queued", "running"] } },
      select: { id: true, leaseOwner: true, leaseExpiresAt: true },
      orderBy: { createdAt: "asc" },
    });
    let started = 0;
    for (const job of jobs) {
      if (this.reviewJobs.has(job.id) || !this.leaseIsFree(job, now)) continue;
      this.enqueueReviewJob(job.id);
      if (this.reviewJobs.has(job.id)) started++;
    }
    return started;
  }

  private async executeReviewJob(jobId: string): Promise<void> {
    try {
      // Each chunk is safe to run again (the job keeps a cursor and its claims), so a failure is retried whole.
      await withRetries(() => executeReviewJob(jobId, this.owner), `[review job ${jobId}]`);
    } catch (error) {
      console.error(`[review job ${jobId}] stopped on an error; its items go back to review`, error);
      await failReviewJob(jobId, error instanceof Error ? error.message : String(error)).catch((e: unknown) =>
        console.error(`[review job ${jobId}] could not be marked failed`, e),
      );
    } finally {
      this.reviewJobs.delete(jobId);
      // The next queued job need not wait for the supervisor's tick.
      void this.superviseReviewJobs().catch((error: unknown) => console.error("[executor] looking for review jobs failed", error));
    }
  }

  /** The runs in the order they would start now. */
  queuedRunIds(now = Date.now()): string[] {
    return [...this.waiting].sort((a, b) => effectivePriority(b, now) - effectivePriority(a, now)).map((w) => w.runId);
  }

  private leaseIsFree(run: { leaseOwner: string | null; leaseExpiresAt: Date | null }, now: number): boolean {
    if (run.leaseOwner === null || run.leaseOwner === this.owner) return true;
    if (run.leaseExpiresAt === null || run.leaseExpiresAt.getTime() < now) return true;
    // A process on this host that no longer exists (killed, restarted) holds nothing.
    return isProcessGone(run.leaseOwner, hostname());
  }

  private pump(): void {
    while (this.active.size - this.paused.size < MAX_PARALLEL_RUNS && this.waiting.length > 0) {
      const [next] = this.queuedRunIds();
      if (!next) return;
      this.waiting = this.waiting.filter((w) => w.runId !== next);
      this.active.add(next);
      this.heartbeatTimer ??= repeat(HEARTBEAT_MS, () => this.heartbeat(), "renewing run leases");
      void this.execute(next);
    }
  }

  private async execute(runId: string): Promise<void> {
    try {
      if (!(await this.claimLease(runId))) return;
      await executeRun(runId, this.steps(runId));
      this.restarts.delete(runId);
    } catch (error) {
      const failures = (this.restarts.get(runId)?.failures ?? 0) + 1;
      const waitMs = Math.min(RESTART_BACKOFF_MS * 2 ** (failures - 1), RESTART_BACKOFF_MAX_MS);
      this.restarts.set(runId, { failures, notBefore: Date.now() + waitMs });
      console.error(`[run ${runId}] the local executor stopped on an error; trying again in ${Math.round(waitMs / 1000)} s`, error);
    } finally {
      await this.releaseLease(runId).catch((error: unknown) => console.error(`[run ${runId}] could not release its lease`, error));
      this.active.delete(runId);
      this.paused.delete(runId);
      this.listeners.delete(runId);
      this.pump();
    }
  }

  /** Conditional: of two processes claiming one run, one wins. */
  private async claimLease(runId: string): Promise<boolean> {
    const now = new Date();
    const free = [
      { leaseOwner: null },
      { leaseOwner: this.owner },
      { leaseExpiresAt: { lt: now } },
    ];
    const current = await db.run.findUnique({ where: { id: runId }, select: { leaseOwner: true, leaseExpiresAt: true } });
    // A dead holder on this host is free too; the update still only wins if nobody changed the lease meanwhile.
    if (current?.leaseOwner && isProcessGone(current.leaseOwner, hostname())) free.push({ leaseOwner: current.leaseOwner });
    const { count } = await db.run.updateMany({
      where: { id: runId, status: { in: UNFINISHED }, OR: free },
      data: { leaseOwner: this.owner, leaseExpiresAt: new Date(now.getTime() + LEASE_MS) },
    });
    return count === 1;
  }

  private async releaseLease(runId: string): Promise<void> {
    await db.run.updateMany({ where: { id: runId, leaseOwner: this.owner }, data: { leaseOwner: null, leaseExpiresAt: null } });
  }

  private async heartbeat(): Promise<void> {
    if (this.reviewJobs.size > 0) {
      await db.reviewJob.updateMany({
        where: { id: { in: [...this.reviewJobs] }, leaseOwner: this.owner },
        data: { leaseExpiresAt: new Date(Date.now() + REVIEW_JOB_LEASE_MS) },
      });
    }
    if (this.active.size === 0) return;
    await db.run.updateMany({
      where: { id: { in: [...this.active] }, leaseOwner: this.owner },
      data: { leaseExpiresAt: new Date(Date.now() + LEASE_MS) },
    });
  }

  private steps(runId: string): WorkflowSteps {
    return {
      // Steps run here and are not memoized, so the next batch may start while one finishes.
      pipelined: true,
      run: (id, fn) => withRetries(fn, `[run ${runId}] step ${id}`),
      sleep: async (id, ms) => {
        // Waiting on a remote batch (hours, at the provider) holds no parallel slot, as a paused run holds none.
        const idle = id.startsWith(REMOTE_WAIT_STEP_PREFIX);
        if (idle) {
          this.paused.add(runId);
          this.pump();
        }
        try {
          await new Promise((resolve) => setTimeout(resolve, ms));
        } finally {
          if (idle) this.paused.delete(runId);
        }
      },
      waitForResume: () =>
        new Promise<RunSignal>((resolve) => {
          this.paused.add(runId);
          this.pump();
          const finish = (signal: RunSignal) => {
            clearInterval(poll);
            this.listeners.delete(runId);
            this.paused.delete(runId);
            resolve(signal);
          };
          this.listeners.set(runId, finish);
          // Another process (or a direct database change) may resume or cancel the run.
          const poll = setInterval(() => {
            db.run
              .findUnique({ where: { id: runId }, select: { status: true } })
              .then((run) => {
                if (!run || run.status === "cancelled") finish("cancelled");
                else if (run.status === "running") finish("resumed");
              })
              // A failed look is only a missed tick: the next one looks again.
              .catch((error: unknown) => console.error(`[run ${runId}] could not check for a resume`, error));
          }, RESUME_POLL_MS);
        }),
    };
  }
}

/** Every workflow step is idempotent, so a step that threw (a database hiccup, say) is simply run again. */
export async function withRetries<T>(fn: () => Promise<T>, label: string, attempts = STEP_ATTEMPTS, backoffMs = STEP_BACKOFF_MS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts) throw error;
      const waitMs = backoffMs * 2 ** (attempt - 1);
      console.warn(`${label} failed (attempt ${attempt} of ${attempts}); trying again in ${waitMs} ms:`, error instanceof Error ? error.message : error);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

/** A background task every `ms` that never keeps the process alive; a failed round is logged. */
function repeat(ms: number, task: () => Promise<unknown>, what: string): NodeJS.Timeout {
  const timer = setInterval(() => void task().catch((error: unknown) => console.error(`[executor] ${what} failed`, error)), ms);
  timer.unref();
  return timer;
}

function effectivePriority(run: WaitingRun, now: number): number {
  return run.priority + ((now - run.enqueuedAt) / 60_000) * AGING_POINTS_PER_MINUTE;
}

// One executor per process, also when Next.js loads this module in several bundles.
const globalForExecutor = globalThis as unknown as { batchwiseLocalExecutor?: LocalExecutor };
export const localExecutor = (globalForExecutor.batchwiseLocalExecutor ??= new LocalExecutor());
