// What the review queue's filters can choose from, with counts, and the open count for the badge.
import "server-only";
import { db } from "@/lib/server/db";
import { NO_ERROR_KIND, reviewWhere } from "@/lib/server/review/filter";
import type { ReviewFilter, ReviewSummary } from "@/lib/shared/api-types";

/** Error-kind counts follow the filter's run and dataset (not its kind, so every kind stays choosable). */
export async function reviewSummary(filter: ReviewFilter = {}): Promise<ReviewSummary> {
  const [open, kinds, perRun] = await Promise.all([
    db.runItem.count({ where: { status: "needs_review" } }),
    db.runItem.groupBy({ by: ["errorKind"], where: reviewWhere({ runId: filter.runId, datasetId: filter.datasetId }), _count: { _all: true } }),
    db.runItem.groupBy({ by: ["runId"], where: { status: "needs_review" }, _count: { _all: true } }),
  ]);
  const runRows = await db.run.findMany({
    where: { id: { in: perRun.map((r) => r.runId) } },
    select: { id: true, datasetId: true, model: true, kind: true, createdAt: true, dataset: { select: { name: true } } },
    orderBy: { createdAt: "desc" },
  });
  const countOf = new Map(perRun.map((r) => [r.runId, r._count._all]));
  const runs = runRows.map((run) => ({
    id: run.id,
    datasetId: run.datasetId,
    datasetName: run.dataset.name,
    model: run.model,
    kind: run.kind,
    createdAt: run.createdAt.toISOString(),
    count: countOf.get(run.id) ?? 0,
  }));
  const datasets = new Map<string, { id: string; name: string; count: number }>();
  for (const run of runs) {
    const entry = datasets.get(run.datasetId) ?? { id: run.datasetId, name: run.datasetName, count: 0 };
    entry.count += run.count;
    datasets.set(run.datasetId, entry);
  }
  return {
    open,
    byErrorKind: kinds
      .map((k) => ({ errorKind: k.errorKind ?? NO_ERROR_KIND, count: k._count._all }))
      .sort((a, b) => b.count - a.count || a.errorKind.localeCompare(b.errorKind)),
    runs,
    datasets: [...datasets.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
  };
}
