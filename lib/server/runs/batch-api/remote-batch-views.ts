// The remote batches of a run, for the run page and the report.
import "server-only";
import { db } from "@/lib/server/db";
import { nanosToUsd } from "@/lib/server/llm/pricing";
import type { BatchApiReport, RemoteBatchStatus, RemoteBatchView } from "@/lib/shared/api-types";

export async function listRemoteBatches(runId: string): Promise<RemoteBatchView[]> {
  const rows = await db.remoteBatch.findMany({ where: { runId }, orderBy: [{ pass: "asc" }, { number: "asc" }] });
  return rows.map((row) => ({
    pass: row.pass,
    number: row.number,
    status: row.status as RemoteBatchStatus,
    requestCount: row.requestCount,
    completedCount: row.completedCount,
    failedCount: row.failedCount,
    batchId: row.batchId,
    costUsd: nanosToUsd(row.costNanos),
    syncPriceUsd: nanosToUsd(row.syncCostNanos),
    answered: row.answered,
    errored: row.errored,
    unattempted: row.unattempted,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    settled: row.settledAt !== null,
  }));
}

/** The report's Batch API part; undefined for a run that used no remote batch. */
export async function batchApiReport(runId: string): Promise<BatchApiReport | undefined> {
  const totals = await db.remoteBatch.aggregate({
    where: { runId },
    _count: { _all: true },
    _sum: { answered: true, unattempted: true, costNanos: true, syncCostNanos: true },
  });
  if (totals._count._all === 0) return undefined;
  const cost = Number(totals._sum.costNanos ?? 0);
  const sync = Number(totals._sum.syncCostNanos ?? 0);
  return {
    remoteBatches: totals._count._all,
    answered: totals._sum.answered ?? 0,
    unattempted: totals._sum.unattempted ?? 0,
    costUsd: nanosToUsd(cost),
    syncPriceUsd: nanosToUsd(sync),
    savingUsd: nanosToUsd(sync - cost),
  };
}
