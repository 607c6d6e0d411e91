// One batch of one pass: the unit of work the workflow runs as a single durable step.
import "server-only";
import { setMaxListeners } from "node:events";
import pLimit from "p-limit";
import { db } from "@/lib/server/db";
import { itemCallFor, processItem, type ItemResult } from "@/lib/server/runs/process-item";
import { checkBudget, reservedForItems } from "@/lib/server/runs/budget";
import { refineOutputEstimate } from "@/lib/server/runs/output-estimate";
import type { RunPipeline } from "@/lib/server/runs/batch-pipeline";
import type { Run } from "@/lib/server/generated/sqlite/client";
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
  /** Whether this execution processed the batch (false when the run was paused or stopped first, or it stopped sending). */
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

/** How a batch overlaps its neighbours when pipelined (lib/server/runs/batch-pipeline.ts). */
export interface BatchLink {
  pipeline: RunPipeline;
  /** The batch before, still finishing: this one is judged after it, and stops sending unless it continued. */
  before?: Promise<BatchOutcome>;
  /** Called once, when none of this batch's items waits to be sent any more and the endpoint paces them: the next batch may start. */
  onAllSent?: () => void;
}

/** What the batch before decided; one that threw stops this one too (its execution is failing). */
const nextOf = (before: Promise<BatchOutcome>) => before.then((o) => o.next, () => "stop" as const);

export async function processBatch({ runId, pass, batch, batchCount }: BatchRef, link?: BatchLink): Promise<BatchOutcome> {
  // A run that guessed its answers' length measures its own once it has enough (the budget check reserves it).
  let run = await refineOutputEstimate(await db.run.findUniqueOrThrow({ where: { id: runId } }));
  if (isEnded(run.status)) return { ran: false, next: "stop", ok: 0, failed: 0 };
  if (run.status === "paused") return { ran: false, next: "pause", ok: 0, failed: 0 };

  const claim = batchClaim(pass, batch);
  const candidates = await selectBatchItems(runId, pass, batch, run.batchSize, claim, run.mode === "batch");
  // Already done by an earlier execution of this step (a replay after a crash or a retry), or all sent
  // by one that stopped before it was judged (the batch before it paused the run): it is finished now.
  if (candidates.length === 0) {
    await db.runBatch.updateMany({ where: { runId, pass, number: batch, finishedAt: null }, data: { finishedAt: new Date() } });
    return { ran: true, next: "continue", ok: 0, failed: 0 };
  }

  // Over budget: what does not fit is not sent and the run pauses until a person raises the budget
  // and resumes; then this same batch runs. When only the batch's first items fit, they are sent
  // first (so a run spends up to its budget), then the batch is looked at again. Started early
  // (pipelined), it counts what the batch still in flight reserved; if that does not fit, it waits
  // for that batch's real cost before deciding.
  let budget = checkBudget(run, candidates, { inFlightNanos: link?.pipeline.reservedNanos ?? 0 });
  if (!budget.ok && link?.before) {
    const before = await nextOf(link.before);
    if (before !== "continue") return { ran: false, next: before, ok: 0, failed: 0 };
    run = await db.run.findUniqueOrThrow({ where: { id: runId } });
    if (run.status !== "running") return { ran: false, next: isEnded(run.status) ? "stop" : "pause", ok: 0, failed: 0 };
    budget = checkBudget(run, candidates, { inFlightNanos: link.pipeline.reservedNanos });
  }
  if (!budget.ok && budget.fitting === 0) {
    const next = await pauseForBudget(runId, { pass, claim, check: budget });
    return { ran: false, next, ok: 0, failed: 0 };
  }
  const partial = !budget.ok;
  const sending = budget.ok ? candidates : candidates.slice(0, budget.fitting);
  const release = link?.pipeline.reserve(reservedForItems(run, sending));
  try {
    return await sendAndJudge(run, { runId, pass, batch, batchCount }, claim, sending, partial, link);
  } finally {
    release?.();
  }
}

async function sendAndJudge(
  run: Run,
  { runId, pass, batch, batchCount }: BatchRef,
  claim: string,
  candidates: { id: string }[],
  partial: boolean,
  link?: BatchLink,
): Promise<BatchOutcome> {
  let startedAt = new Date();
  const ids = candidates.map((item) => item.id);
  const unsent = pass === 0 ? "pending" : "failed";
  await moveItems({ id: { in: ids } }, [unsent], "processing", { claim });
  const items = await db.runItem.findMany({ where: { id: { in: ids }, status: "processing", claim }, select: { id: true, input: true } });

  // A cancelled run stops its batch in flight: calls are aborted and unsent items go back. A paused
  // one stops sending: calls in flight finish, unsent items go back and the batch runs again on resume.
  const tracked = trackBatch(runId);
  const { cancellation, withdrawal } = tracked;
  // Every call in the batch (and its limiter wait) listens on these signals, which live only as
  // long as the batch: more than Node's default of 10 listeners is expected, not a leak.
  setMaxListeners(0, cancellation.signal);
  setMaxListeners(0, withdrawal.signal);
  const watch = setInterval(() => {
    db.run
      .findUnique({ where: { id: runId }, select: { status: true } })
      .then((current) => {
        if (!current || current.status === "cancelled") cancellation.abort();
        else if (current.status !== "running") withdrawal.abort();
      })
      // A failed look is only a missed tick: the next one looks again.
      .catch((error: unknown) => console.error(`[run ${runId}] could not check for a cancellation`, error));
  }, CANCEL_POLL_MS);

  // The run's concurrency bounds its calls (shared with the batch it overlaps, when pipelined); the
  // endpoint's limiter (shared with every run on it) paces requests inside that bound.
  const limit = link?.pipeline.concurrencyLimit(run.concurrency) ?? pLimit(run.concurrency);
  const { client, call } = await itemCallFor(run, { pass, batchNumber: batch }, cancellation.signal);
  const waiting = new Set(items.map((item) => item.id));
  const sentOrSettled = (id: string) => {
    if (!waiting.delete(id) || waiting.size > 0) return;
    // Nothing of this batch waits any more: the next one may queue behind its last requests. Only
    // worth it when the limiter paces (otherwise nothing queues there, and the breaker would just see more sent).
    if (call.rateLimiter?.paces && !withdrawal.signal.aborted && !cancellation.signal.aborted) link?.onAllSent?.();
  };
  const batchCall = { ...call, withdrawSignal: withdrawal.signal, onSending: sentOrSettled };
  const sending = Promise.all(items.map((item) => limit(() => processItem(client, batchCall, { ...item, claim }).finally(() => sentOrSettled(item.id)))));

  let before: BatchOutcome["next"] = "continue";
  if (link?.before) {
    before = await nextOf(link.before);
    // This batch counts from when the one before it was judged: batch timings (the ETA) do not overlap.
    startedAt = new Date();
    if (before !== "continue") withdrawal.abort();
  }
  const settled = await sending.finally(() => {
    clearInterval(watch);
    untrackBatch(runId, tracked);
  });
  const results = settled.filter((result): result is ItemResult => result !== null);

  const ok = results.filter((r) => r.ok).length;
  const failed = results.length - ok;
  const costNanos = results.reduce((sum, r) => sum + r.costNanos, 0);
  const cancelled = cancellation.signal.aborted;
  // Stopped sending before every item went out, or the batch before it did not continue: recorded, but
  // neither finished nor judged (it runs again on resume).
  const withdrawn = !cancelled && withdrawal.signal.aborted && (results.length < items.length || before !== "continue");
  const finishedAt = withdrawn ? null : new Date();
  if (!withdrawn || results.length > 0) {
    await db.runBatch.upsert({
      where: { runId_pass_number: { runId, pass, number: batch } },
      create: { runId, pass, number: batch, size: results.length, ok, failed, costNanos, startedAt, finishedAt },
      update: { size: { increment: results.length }, ok: { increment: ok }, failed: { increment: failed }, costNanos: { increment: costNanos }, ...(finishedAt ? { finishedAt } : {}) },
    });
  }

  if (cancelled || withdrawn) {
    await moveItems({ id: { in: ids }, claim }, ["processing"], unsent, { claim: null });
    const notSent = plural(items.length - results.length, "item");
    if (cancelled) {
      logRun(runId, `Cancelled during batch ${batch}: ${plural(ok, "item")} finished, ${notSent} not sent.`);
      return { ran: true, next: "stop", ok, failed };
    }
    logRun(runId, `Batch ${batch} stopped sending: ${plural(results.length, "item")} finished, ${notSent} back in the queue.`);
    return { ran: false, next: before === "stop" ? "stop" : "pause", ok, failed };
  }

  const progress = await describeProgress(runId, { pass, batch, batchCount });
  logRun(runId, progress.line);

  // The error-rate breaker: a batch failing above the threshold pauses the run for a person to look.
  // Judged on what this execution sent: the part of a batch sent before a pause was judged with the
  // batch that paused the run (or by the person who paused it), and resuming must not trip on it again.
  const failures = { pass, batch, failed, sent: results.length, kinds: describeKinds(results) };
  if (breakerTrips(run, failures)) {
    const reason = breakerReason(run.errorThreshold, failures);
    if (await pauseRunFor(runId, "breaker", reason, { from: ["running"] })) {
      logPause(runId, "breaker", reason);
      // Part of a batch sent: it has not run until the rest is, so the same batch runs after the resume.
      return { ran: !partial, next: "pause", ok, failed };
    }
  } else if (run.breakerOffPass === pass && failures.sent > 0 && failures.failed / failures.sent > run.errorThreshold) {
    logRun(runId, `Error-rate breaker off for ${passWords(pass)}: ${failures.failed} of ${failures.sent} items in batch ${batch} failed, above the ${thresholdWords(run.errorThreshold)} threshold; not pausing.`);
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
