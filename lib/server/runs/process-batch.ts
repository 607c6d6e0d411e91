// One batch of one pass: the unit of work the workflow runs as a single durable step.
import "server-only";
import { setMaxListeners } from "node:events";
import pLimit from "p-limit";
import { db } from "@/lib/server/db";
import { itemCallFor, processItem, type ItemResult } from "@/lib/server/runs/process-item";
import { checkBudget } from "@/lib/server/runs/budget";
import { refineOutputEstimate } from "@/lib/server/runs/output-estimate";
import { pauseForBudget } from "@/lib/server/runs/run-lifecycle";
import { batchClaim, moveItems, pauseRunFor } from "@/lib/server/runs/state-machine";
import { describeProgress } from "@/lib/server/runs/progress";
import { breakerReason, breakerTrips, passWords, thresholdWords } from "@/lib/server/runs/breaker";
import { logPause, logRun } from "@/lib/server/runs/run-log";
import { plural } from "@/lib/shared/format";
import { isEnded } from "@/lib/server/runs/status";
import { trackBatch, untrackBatch } from "@/lib/server/runs/in-flight";

/** How often a batch in flight looks for a cancellation made elsewhere (the API, another process). */
const CANCEL_POLL_MS = 500;

export interface BatchOutcome {
  /** Whether this execution processed the batch (false when the run was paused or stopped first). */
  ran: boolean;
  next: "continue" | "pause" | "stop";
  ok: number;
  failed: number;
}

interface BatchRef {
  runId: string;
  pass: number;
  /** 1-based within the pass */
  batch: number;
  batchCount: number;
}

export async function processBatch({ runId, pass, batch, batchCount }: BatchRef): Promise<BatchOutcome> {
  // A run that guessed its answers' length measures its own once it has enough (the budget check reserves it).
  const run = await refineOutputEstimate(await db.run.findUniqueOrThrow({ where: { id: runId } }));
  if (isEnded(run.status)) return { ran: false, next: "stop", ok: 0, failed: 0 };
  if (run.status === "paused") return { ran: false, next: "pause", ok: 0, failed: 0 };

  const claim = batchClaim(pass, batch);
  const candidates = await selectBatchItems(runId, pass, batch, run.batchSize, claim, run.mode === "batch");
  // Already done by an earlier execution of this step (a replay after a crash or a retry).
  if (candidates.length === 0) return { ran: true, next: "continue", ok: 0, failed: 0 };

  // Over budget: what does not fit is not sent and the run pauses until a person raises the budget
  // and resumes; then this same batch runs. When only the batch's first items fit, they are sent
  // first (so a run spends up to its budget), then the batch is looked at again.
  const budget = checkBudget(run, candidates);
  if (!budget.ok && budget.fitting === 0) {
    const next = await pauseForBudget(runId, { pass, claim, check: budget });
    return { ran: false, next, ok: 0, failed: 0 };
  }
  const partial = !budget.ok;

  const startedAt = new Date();
  const ids = (budget.ok ? candidates : candidates.slice(0, budget.fitting)).map((item) => item.id);
  await moveItems({ id: { in: ids } }, [pass === 0 ? "pending" : "failed"], "processing", { claim });
  const items = await db.runItem.findMany({ where: { id: { in: ids }, status: "processing", claim }, select: { id: true, input: true } });

  // A cancelled run stops its batch in flight: calls are aborted and unsent items stay pending.
  const cancellation = trackBatch(runId);
  // Every call in the batch (and its limiter wait) listens on this one signal, which lives only as
  // long as the batch: more than Node's default of 10 listeners is expected, not a leak.
  setMaxListeners(0, cancellation.signal);
  const watch = setInterval(() => {
    db.run
      .findUnique({ where: { id: runId }, select: { status: true } })
      .then((current) => {
        if (!current || current.status === "cancelled") cancellation.abort();
      })
      // A failed look is only a missed tick: the next one looks again.
      .catch((error: unknown) => console.error(`[run ${runId}] could not check for a cancellation`, error));
  }, CANCEL_POLL_MS);

  // p-limit bounds this run; the endpoint's limiter (shared with every run on it) paces requests inside that bound.
  const limit = pLimit(run.concurrency);
  const { client, call } = await itemCallFor(run, { pass, batchNumber: batch }, cancellation.signal);
  const settled = await Promise.all(items.map((item) => limit(() => processItem(client, call, { ...item, claim })))).finally(() => {
    clearInterval(watch);
    untrackBatch(runId, cancellation);
  });
  const results = settled.filter((result): result is ItemResult => result !== null);

  const ok = results.filter((r) => r.ok).length;
  const failed = results.length - ok;
  const costNanos = results.reduce((sum, r) => sum + r.costNanos, 0);
  await db.runBatch.upsert({
    where: { runId_pass_number: { runId, pass, number: batch } },
    create: { runId, pass, number: batch, size: results.length, ok, failed, costNanos, startedAt, finishedAt: new Date() },
    update: { size: { increment: results.length }, ok: { increment: ok }, failed: { increment: failed }, costNanos: { increment: costNanos }, finishedAt: new Date() },
  });

  if (cancellation.signal.aborted) {
    await moveItems({ id: { in: ids }, claim }, ["processing"], pass === 0 ? "pending" : "failed", { claim: null });
    logRun(runId, `Cancelled during batch ${batch}: ${plural(ok, "item")} finished, ${plural(items.length - results.length, "item")} not sent.`);
    return { ran: true, next: "stop", ok, failed };
  }

  const progress = await describeProgress(runId, { pass, batch, batchCount });
  logRun(runId, progress.line);

  // The error-rate breaker: a batch failing above the threshold pauses the run for a person to look.
  const failures = { pass, batch, failed, sent: results.length, kinds: describeKinds(results) };
  if (breakerTrips(run, failures)) {
    const reason = breakerReason(run.errorThreshold, failures);
    if (await pauseRunFor(runId, "breaker", reason, { from: ["running"] })) {
      logPause(runId, "breaker", reason);
      // Part of a batch sent: it has not run until the rest is, so the same batch runs after the resume.
      return { ran: !partial, next: "pause", ok, failed };
    }
  } else if (run.breakerOffPass === pass && results.length > 0 && failed / results.length > run.errorThreshold) {
    logRun(runId, `Error-rate breaker off for ${passWords(pass)}: ${failed} of ${results.length} items in batch ${batch} failed, above the ${thresholdWords(run.errorThreshold)} threshold; not pausing.`);
  }
  // The rest of a batch sent in part: checked against the budget again, now with what the part really cost.
  if (partial) return processBatch({ runId, pass, batch, batchCount });
  return { ran: true, next: "continue", ok, failed };
}

/** "5 server, 2 timeout" */
function describeKinds(results: ItemResult[]): string {
  const counts = new Map<string, number>();
  for (const result of results) if (!result.ok) counts.set(result.kind, (counts.get(result.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${n} ${kind}`).join(", ");
}

/**
 * First pass: the items cut into this batch when the run was created. Retry pass p: the next
 * items that failed with a retryable error and have had exactly p attempts. Items an earlier
 * execution of this same step left "processing" (its claim) are taken again; completed ones never are.
 * A batch-mode run's first pass sends here only what its remote batches left unsent: the next ones.
 */
async function selectBatchItems(runId: string, pass: number, batch: number, batchSize: number, claim: string, batchMode: boolean) {
  const select = { id: true, input: true } as const;
  const ours = { status: "processing", claim };
  if (pass === 0 && batchMode) {
    return db.runItem.findMany({ where: { runId, OR: [{ status: "pending" }, ours] }, select, orderBy: { rowIndex: "asc" }, take: batchSize });
  }
  if (pass === 0) {
    return db.runItem.findMany({
      where: { runId, batchNumber: batch, OR: [{ status: "pending" }, ours] },
      select,
      orderBy: { rowIndex: "asc" },
    });
  }
  return db.runItem.findMany({
    where: { runId, OR: [{ status: "failed", attempts: pass }, ours] },
    select,
    orderBy: { rowIndex: "asc" },
    take: batchSize,
  });
}
