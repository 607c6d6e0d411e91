// A stream's daily budget: what its calls cost since midnight UTC, and whether the next batch fits.
import "server-only";
import { db } from "@/lib/server/db";
import type { Run } from "@/lib/server/generated/sqlite/client";
import { reservedNanos } from "@/lib/server/runs/budget";

export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** Nano-dollars the run's calls cost today (UTC), billed failures included. */
export async function costTodayNanos(runId: string, now = new Date()): Promise<number> {
  const sum = await db.itemAttempt.aggregate({ where: { runId, createdAt: { gte: startOfUtcDay(now) } }, _sum: { costNanos: true } });
  return Number(sum._sum?.costNanos ?? 0);
}

/** What sending these items reserves, as the run budget reckons it (lib/server/runs/budget.ts). */
export function reservedForItems(run: Run, items: { input: string }[]): number {
  return items.reduce((sum, item) => sum + reservedNanos(run, item.input), 0);
}
