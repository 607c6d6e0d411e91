// Where a batch-mode run's remote batches stand, for the run summaries: one grouped query for many runs.
import "server-only";
import { db } from "@/lib/server/db";

export interface RemotePosition {
  /** Remote batches whose results are recorded. */
  settled: number;
  total: number;
}

export async function remotePositions(runIds: string[]): Promise<Map<string, RemotePosition>> {
  if (runIds.length === 0) return new Map();
  const groups = await db.remoteBatch.groupBy({ by: ["runId"], where: { runId: { in: runIds } }, _count: { _all: true, settledAt: true } });
  return new Map(groups.map((group) => [group.runId, { settled: group._count.settledAt, total: group._count._all }]));
}
