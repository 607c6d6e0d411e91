// The final report: what a run did, what it cost and how long it took.
import "server-only";
import { db } from "@/lib/server/db";
import type { RunReport, RunStatus } from "@/lib/shared/api-types";
import { nanosToUsd } from "@/lib/server/llm/pricing";
import { itemCounts, runUsage } from "@/lib/server/runs/progress";
import { batchApiReport } from "@/lib/server/runs/batch-api/remote-batch-views";
import { percentile } from "@/lib/shared/percentile";

export async function buildReport(runId: string): Promise<RunReport> {
  const [run, latencies, retryCount, errorGroups, batchApi] = await Promise.all([
    db.run.findUniqueOrThrow({ where: { id: runId } }),
    db.itemAttempt.findMany({ where: { item: { runId }, ok: true }, select: { latencyMs: true } }),
    db.itemAttempt.count({ where: { item: { runId }, pass: { gt: 0 } } }),
    db.itemAttempt.groupBy({ by: ["errorKind"], where: { item: { runId }, ok: false }, _count: { _all: true } }),
    batchApiReport(runId),
  ]);
  const counts = itemCounts(run);
  const usage = runUsage(run);
  const sorted = latencies.map((a) => a.latencyMs).sort((a, b) => a - b);
  return {
    runId,
    status: run.status as RunStatus,
    totalItems: run.totalItems,
    completed: counts.completed,
    failed: counts.failed,
    skipped: counts.skipped,
    needsReview: counts.needs_review,
    retryCount,
    costUsd: nanosToUsd(usage.costNanos),
    tokensIn: usage.tokensIn,
    tokensOut: usage.tokensOut,
    avgLatencyMs: sorted.length ? Math.round(sorted.reduce((a, b) => a + b, 0) / sorted.length) : null,
    p95LatencyMs: sorted.length ? percentile(sorted, 0.95) : null,
    wallTimeSeconds:
      run.startedAt && run.finishedAt ? Math.round((run.finishedAt.getTime() - run.startedAt.getTime()) / 100) / 10 : null,
    errorKinds: Object.fromEntries(errorGroups.map((g) => [g.errorKind ?? "unknown", g._count._all])),
    ...(batchApi ? { batchApi } : {}),
  };
}

/** Builds the report and stores it on the run, where GET /api/runs/:id/report reads it. */
export async function writeReport(runId: string): Promise<RunReport> {
  const report = await buildReport(runId);
  await db.run.update({ where: { id: runId }, data: { report: JSON.stringify(report) } });
  return report;
}

export { percentile };
