// Database rows → the API's JSON shapes (lib/shared/api-types.ts).
import "server-only";
import type { Run, RunItem, RunBatch } from "@/lib/server/generated/sqlite/client";
import { db } from "@/lib/server/db";
import { remotePositions, type RemotePosition } from "@/lib/server/runs/batch-api/remote-positions";
import { notFound } from "@/lib/server/errors";
import { nanosToUsd } from "@/lib/server/llm/pricing";
import type { BatchRow, ItemRow, ItemStatus, PauseKind, RunKind, RunStatus, RunSummary } from "@/lib/shared/api-types";
import {
  estimateSecondsRemaining,
  itemCounts,
  progressFacts,
  progressLine,
  recentBatchTimings,
  runUsage,
  type BatchTiming,
} from "@/lib/server/runs/progress";
import { isEnded } from "@/lib/server/runs/status";
import { providerNames, type ProviderNames } from "@/lib/server/providers/names";
import { callsSimulator } from "@/lib/server/providers/resolve";

// No summary shows the final report (GET /api/runs/:id/report reads it), so it is left unread.
type RunWithDataset = Omit<Run, "report"> & { dataset: { name: string; rowCount: number }; createdBy: { email: string } | null };

const runWithDataset = {
  include: { dataset: { select: { name: true, rowCount: true } }, createdBy: { select: { email: true } } },
  omit: { report: true },
} as const;

export async function getRunSummary(runId: string): Promise<RunSummary> {
  const run = await db.run.findUnique({ where: { id: runId }, ...runWithDataset });
  if (!run) throw notFound("Run", runId);
  const [batches, providers] = await Promise.all([batchPositions([run.id]), providerNames([run.providerId])]);
  const remote = run.mode === "batch" ? await remotePositions([run.id]) : undefined;
  return summarizeRun(run, providers, batches.get(run.id), await timingsIfRunning(run), remote?.get(run.id));
}

/** What GET /api/runs narrows the list to (lib/server/runs/run-list-filter.ts reads it from the URL). */
export interface RunListFilter {
  /** Any of these statuses; empty or absent: every status. */
  statuses?: readonly RunStatus[];
  datasetId?: string;
}

/**
 * Newest first, in a fixed number of queries however many runs: the runs, their datasets and creators, their
 * batches (plus one per running run, for its ETA).
 * A filter only narrows the first query's WHERE.
 */
export async function listRunSummaries(filter: RunListFilter = {}, limit = 100): Promise<RunSummary[]> {
  const where = {
    ...(filter.statuses?.length ? { status: { in: [...filter.statuses] } } : {}),
    ...(filter.datasetId ? { datasetId: filter.datasetId } : {}),
  };
  const runs = await db.run.findMany({ where, orderBy: { createdAt: "desc" }, take: limit, ...runWithDataset });
  const batches = await batchPositions(runs.map((run) => run.id));
  const timings = await Promise.all(runs.map((run) => timingsIfRunning(run)));
  const providers = await providerNames(runs.map((run) => run.providerId));
  const remote = await remotePositions(runs.filter((run) => run.mode === "batch").map((run) => run.id));
  return runs.map((run, index) => summarizeRun(run, providers, batches.get(run.id), timings[index], remote.get(run.id)));
}

/** Only a running run counts down: paused, queued and ended runs show no estimate. */
async function timingsIfRunning(run: { id: string; status: string }): Promise<BatchTiming[]> {
  return run.status === "running" ? recentBatchTimings(run.id) : [];
}

interface BatchPosition {
  /** First-pass batches finished. */
  done: number;
  /** The last batch written: the highest pass, and its highest batch number. */
  last: { pass: number; number: number } | null;
  /** Items that failed in a first-pass batch: each item's first attempt is there, so each item that ever failed, once. */
  failedOnce: number;
}

/** Where each run's batches stand, from one grouped query over RunBatch for all the runs. */
async function batchPositions(runIds: string[]): Promise<Map<string, BatchPosition>> {
  const groups = await db.runBatch.groupBy({
    by: ["runId", "pass"],
    where: { runId: { in: runIds } },
    // _count of a column counts its non-null values: the finished batches.
    _count: { finishedAt: true },
    _max: { number: true },
    _sum: { failed: true },
  });
  const positions = new Map<string, BatchPosition>();
  for (const group of groups) {
    const position = positions.get(group.runId) ?? { done: 0, last: null, failedOnce: 0 };
    if (group.pass === 0) {
      position.done = group._count.finishedAt;
      position.failedOnce = group._sum.failed ?? 0;
    }
    if (group._max.number !== null && (position.last === null || group.pass > position.last.pass)) {
      position.last = { pass: group.pass, number: group._max.number };
    }
    positions.set(group.runId, position);
  }
  return positions;
}

function summarizeRun(
  run: RunWithDataset,
  providers: ProviderNames,
  batches: BatchPosition = { done: 0, last: null, failedOnce: 0 },
  timings: BatchTiming[] = [],
  remote?: RemotePosition,
): RunSummary {
  const counts = itemCounts(run);
  const usage = runUsage(run);
  const lastBatch = batches.last;
  const ended = isEnded(run.status);
  const paused = run.status === "paused" ? ((run.pauseKind as PauseKind | null) ?? "person") : null;
  const etaSeconds = run.status === "running" ? estimateSecondsRemaining(counts, timings, run) : null;
  const costNanos = usage.costNanos;
  // A batch-mode run's first-pass batches send only what its remote batches left: counted as they go, like a retry pass's.
  const planned = (pass: number) => (pass === 0 && run.mode !== "batch" ? run.totalBatches : (lastBatch?.number ?? 0));
  const position = lastBatch ? { pass: lastBatch.pass, batch: lastBatch.number, batchCount: planned(lastBatch.pass) } : null;
  const progress = progressFacts(run, batches.failedOnce);
  return {
    id: run.id,
    datasetId: run.datasetId,
    datasetName: run.dataset.name,
    createdBy: run.createdBy?.email ?? null,
    kind: run.kind as RunKind,
    status: run.status as RunStatus,
    pauseReason: run.pauseReason,
    pauseKind: paused,
    breakerOffPass: run.breakerOffPass,
    executor: run.executor === "inngest" ? "inngest" : "local",
    simulated: callsSimulator(run.providerId),
    total: run.totalItems,
    counts,
    batches: remote ? { done: remote.settled + batches.done, total: remote.total + batches.done } : { done: batches.done, total: run.totalBatches },
    cost: { usd: nanosToUsd(costNanos), tokensIn: usage.tokensIn, tokensOut: usage.tokensOut },
    provider: providers.of(run.providerId),
    priceUnknown: run.priceUnknown,
    progress,
    etaSeconds,
    progressLine: progressLine(progress, { position, ended, paused, totalBatches: run.totalBatches, etaSeconds, remote }),
    settings: {
      model: run.model,
      prompt: { template: run.promptTemplate, system: run.systemPrompt },
      outputSchema: run.outputSchema ? (JSON.parse(run.outputSchema) as unknown) : null,
      labels: run.labels ? (JSON.parse(run.labels) as string[]) : null,
      maxTokens: run.maxTokens,
      batchSize: run.batchSize,
      concurrency: run.concurrency,
      delayMs: run.delayMs,
      maxRetries: run.maxRetries,
      errorThreshold: run.errorThreshold,
      budgetUsd: run.budgetNanos === null ? null : nanosToUsd(Number(run.budgetNanos)),
      priority: run.priority,
      sampleSize: run.sampleSize,
      minInputChars: run.minInputChars,
      useCache: run.useCache,
      mode: run.mode === "batch" ? "batch" : "sync",
      batchApiRetries: run.batchApiRetries,
    },
    sourceRunId: run.sourceRunId,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    projection: run.kind === "sample" ? projectFullRun(run, counts, costNanos) : null,
  };
}

/** A sample's cost and pace, scaled to the whole dataset. */
function projectFullRun(run: RunWithDataset, counts: Record<ItemStatus, number>, costNanos: number) {
  const done = run.totalItems - counts.pending - counts.processing;
  if (done === 0) return null;
  const scale = run.dataset.rowCount / done;
  const end = run.finishedAt ?? new Date();
  const elapsedSeconds = run.startedAt ? (end.getTime() - run.startedAt.getTime()) / 1000 : 0;
  return { items: run.dataset.rowCount, costUsd: nanosToUsd(costNanos * scale), seconds: Math.round(elapsedSeconds * scale) };
}

export function toBatchRow(batch: RunBatch): BatchRow {
  return {
    number: batch.number,
    pass: batch.pass,
    size: batch.size,
    ok: batch.ok,
    failed: batch.failed,
    costUsd: nanosToUsd(batch.costNanos),
    startedAt: batch.startedAt?.toISOString() ?? null,
    finishedAt: batch.finishedAt?.toISOString() ?? null,
  };
}

/** Read with items wherever they are listed, so a review decision names who took it (the export looks reviewers up once per export). */
export const WITH_REVIEWER = { reviewedBy: { select: { email: true } } } as const;

export function toItemRow(item: RunItem & { reviewedBy?: { email: string } | null }): ItemRow {
  return {
    id: item.id,
    rowIndex: item.rowIndex,
    input: item.input,
    output: item.output,
    status: item.status as ItemStatus,
    errorKind: item.errorKind,
    errorMessage: item.errorMessage,
    skipReason: item.skipReason,
    attempts: item.attempts,
    tokensIn: item.tokensIn,
    tokensOut: item.tokensOut,
    costUsd: nanosToUsd(item.costNanos),
    latencyMs: item.latencyMs,
    batchNumber: item.batchNumber,
    reviewAction: item.reviewAction,
    reviewedBy: item.reviewedBy?.email ?? null,
    reviewedAt: item.reviewedAt?.toISOString() ?? null,
  };
}
