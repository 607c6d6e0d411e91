// Database rows → the API's JSON shapes (lib/api-types.ts).
import type { Run, RunItem, RunBatch } from "@/lib/generated/sqlite/client";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { usingSimulator } from "@/lib/env";
import { formatCount, microsToUsd } from "@/lib/format";
import type { BatchRow, ItemRow, ItemStatus, RunKind, RunStatus, RunSummary } from "@/lib/api-types";
import { estimateSecondsRemaining, itemCounts, runUsage, processedCount, progressLine } from "@/lib/runs/progress";
import { isEnded } from "@/lib/runs/status";

type RunWithDataset = Run & { dataset: { name: string; rowCount: number } };

export async function getRunSummary(runId: string): Promise<RunSummary> {
  const run = await db.run.findUnique({ where: { id: runId }, include: { dataset: { select: { name: true, rowCount: true } } } });
  if (!run) throw notFound("Run", runId);
  return summarizeRun(run);
}

export async function listRunSummaries(limit = 100): Promise<RunSummary[]> {
  const runs = await db.run.findMany({
    orderBy: { createdAt: "desc" },
    take: limit,
    include: { dataset: { select: { name: true, rowCount: true } } },
  });
  return Promise.all(runs.map(summarizeRun));
}

async function summarizeRun(run: RunWithDataset): Promise<RunSummary> {
  const counts = itemCounts(run);
  const usage = runUsage(run);
  const [batchesDone, lastBatch] = await Promise.all([
    db.runBatch.count({ where: { runId: run.id, pass: 0, finishedAt: { not: null } } }),
    db.runBatch.findFirst({ where: { runId: run.id }, orderBy: [{ pass: "desc" }, { number: "desc" }] }),
  ]);
  const ended = isEnded(run.status);
  const etaSeconds = ended ? null : estimateSecondsRemaining(counts, run.startedAt);
  const costMicros = usage.costMicros;
  const position = lastBatch
    ? { pass: lastBatch.pass, batch: lastBatch.number, batchCount: lastBatch.pass === 0 ? run.totalBatches : lastBatch.number }
    : null;
  return {
    id: run.id,
    datasetId: run.datasetId,
    datasetName: run.dataset.name,
    kind: run.kind as RunKind,
    status: run.status as RunStatus,
    pauseReason: run.pauseReason,
    executor: run.executor === "inngest" ? "inngest" : "local",
    simulated: usingSimulator,
    total: run.totalItems,
    counts,
    batches: { done: batchesDone, total: run.totalBatches },
    cost: { usd: microsToUsd(costMicros), tokensIn: usage.tokensIn, tokensOut: usage.tokensOut },
    etaSeconds,
    progressLine: position ? progressLine(counts, position, etaSeconds) : idleLine(run, counts, ended),
    settings: {
      model: run.model,
      prompt: { template: run.promptTemplate, system: run.systemPrompt },
      outputSchema: run.outputSchema ? (JSON.parse(run.outputSchema) as unknown) : null,
      batchSize: run.batchSize,
      concurrency: run.concurrency,
      delayMs: run.delayMs,
      maxRetries: run.maxRetries,
      errorThreshold: run.errorThreshold,
      budgetUsd: run.budgetMicros === null ? null : microsToUsd(Number(run.budgetMicros)),
      priority: run.priority,
      sampleSize: run.sampleSize,
      minInputChars: run.minInputChars,
      useCache: run.useCache,
    },
    sourceRunId: run.sourceRunId,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    projection: run.kind === "sample" ? projectFullRun(run, counts, costMicros) : null,
  };
}

/** Before the first batch; or a run the pre-filter left nothing to send. */
function idleLine(run: RunWithDataset, counts: Record<ItemStatus, number>, ended: boolean): string {
  const processed = `${formatCount(processedCount(counts))}/${formatCount(run.totalItems)} items processed.`;
  if (ended && run.totalBatches === 0) return `No batches needed: the pre-filter skipped or answered every item. ${processed}`;
  return `Waiting to start. ${processed}`;
}

/** A sample's cost and pace, scaled to the whole dataset. */
function projectFullRun(run: RunWithDataset, counts: Record<ItemStatus, number>, costMicros: number) {
  const done = processedCount(counts);
  if (done === 0) return null;
  const scale = run.dataset.rowCount / done;
  const end = run.finishedAt ?? new Date();
  const elapsedSeconds = run.startedAt ? (end.getTime() - run.startedAt.getTime()) / 1000 : 0;
  return { items: run.dataset.rowCount, costUsd: microsToUsd(costMicros * scale), seconds: Math.round(elapsedSeconds * scale) };
}

export function toBatchRow(batch: RunBatch): BatchRow {
  return {
    number: batch.number,
    pass: batch.pass,
    size: batch.size,
    ok: batch.ok,
    failed: batch.failed,
    costUsd: microsToUsd(batch.costMicros),
    startedAt: batch.startedAt?.toISOString() ?? null,
    finishedAt: batch.finishedAt?.toISOString() ?? null,
  };
}

export function toItemRow(item: RunItem): ItemRow {
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
    costUsd: microsToUsd(item.costMicros),
    latencyMs: item.latencyMs,
    batchNumber: item.batchNumber,
  };
}
