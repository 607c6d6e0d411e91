// Duplicates skipped by the pre-filter get their original's answer once it exists.
import "server-only";
import { db } from "@/lib/server/db";

/** Keys looked up and updates sent per round trip. */
const CHUNK = 500;

/**
 * Copies each completed original's output to its skipped duplicates still without one: a
 * duplicate shares its original's cache key (same run, same request), and the cache-key index
 * finds both. Idempotent, since only items without an output are touched: safe at the end of a
 * run, again after a review action, and on a replayed step. Tokens and cost stay 0.
 * Plain Prisma rather than one UPDATE … FROM, so it runs unchanged on both databases and schemas.
 */
export async function copyDuplicateAnswers(runId: string): Promise<number> {
  const waiting = { runId, status: "skipped", output: null, skipReason: { startsWith: "duplicate_of:" } };
  const keys = await db.runItem.findMany({ where: { ...waiting, cacheKey: { not: null } }, select: { cacheKey: true }, distinct: ["cacheKey"] });
  let copied = 0;
  for (let i = 0; i < keys.length; i += CHUNK) {
    const chunk = keys.slice(i, i + CHUNK).flatMap((k) => (k.cacheKey === null ? [] : [k.cacheKey]));
    const originals = await db.runItem.findMany({
      where: { runId, status: "completed", cacheKey: { in: chunk }, output: { not: null } },
      select: { cacheKey: true, output: true },
      distinct: ["cacheKey"],
    });
    if (originals.length === 0) continue;
    const results = await db.$transaction(
      originals.map((original) =>
        db.runItem.updateMany({ where: { ...waiting, cacheKey: original.cacheKey }, data: { output: original.output } }),
      ),
    );
    copied += results.reduce((sum, r) => sum + r.count, 0);
  }
  return copied;
}
