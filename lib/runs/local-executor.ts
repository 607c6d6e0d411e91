// The embedded executor: runs the workflow in this process when no Inngest server is configured.
// Waiting runs start in priority order (aged, so low priority is never starved); unfinished runs
// are picked up again after a restart, and the idempotent steps carry them on where they stopped.
import { db } from "@/lib/db";
import { executeRun, type WorkflowSteps } from "@/lib/runs/workflow";

/** Runs executing at once in one process; each run still does one batch at a time. */
export const MAX_PARALLEL_RUNS = 2;
/** A waiting run gains one priority point per minute waited. */
const AGING_POINTS_PER_MINUTE = 1;
/** How often a paused run looks for a resume made by another process. */
const RESUME_POLL_MS = 1_000;

export type RunSignal = "resumed" | "cancelled";

interface WaitingRun {
  runId: string;
  priority: number;
  enqueuedAt: number;
}

export class LocalExecutor {
  private waiting: WaitingRun[] = [];
  private active = new Set<string>();
  /** Active runs waiting for a resume: they do not hold one of the parallel slots. */
  private paused = new Set<string>();
  private listeners = new Map<string, (signal: RunSignal) => void>();

  enqueue(runId: string, priority: number): void {
    if (this.active.has(runId) || this.waiting.some((w) => w.runId === runId)) return;
    this.waiting.push({ runId, priority, enqueuedAt: Date.now() });
    this.pump();
  }

  signal(runId: string, signal: RunSignal): void {
    this.listeners.get(runId)?.(signal);
  }

  /** After a restart: every run this executor owns that has not ended goes back in the queue. */
  async resumeUnfinished(): Promise<number> {
    const runs = await db.run.findMany({
      where: { executor: "local", status: { in: ["queued", "running", "paused"] } },
      select: { id: true, priority: true },
      orderBy: { createdAt: "asc" },
    });
    for (const run of runs) this.enqueue(run.id, run.priority);
    return runs.length;
  }

  /** The runs in the order they would start now. */
  queuedRunIds(now = Date.now()): string[] {
    return [...this.waiting].sort((a, b) => effectivePriority(b, now) - effectivePriority(a, now)).map((w) => w.runId);
  }

  private pump(): void {
    while (this.active.size - this.paused.size < MAX_PARALLEL_RUNS && this.waiting.length > 0) {
      const [next] = this.queuedRunIds();
      if (!next) return;
      this.waiting = this.waiting.filter((w) => w.runId !== next);
      this.active.add(next);
      executeRun(next, this.steps(next))
        .catch((error: unknown) => console.error(`[run ${next}] the local executor stopped on an error`, error))
        .finally(() => {
          this.active.delete(next);
          this.paused.delete(next);
          this.listeners.delete(next);
          this.pump();
        });
    }
  }

  private steps(runId: string): WorkflowSteps {
    return {
      run: (_id, fn) => fn(),
      sleep: (_id, ms) => new Promise((resolve) => setTimeout(resolve, ms)),
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

function effectivePriority(run: WaitingRun, now: number): number {
  return run.priority + ((now - run.enqueuedAt) / 60_000) * AGING_POINTS_PER_MINUTE;
}

// One executor per process, also when Next.js loads this module in several bundles.
const globalForExecutor = globalThis as unknown as { batchwiseLocalExecutor?: LocalExecutor };
export const localExecutor = (globalForExecutor.batchwiseLocalExecutor ??= new LocalExecutor());
