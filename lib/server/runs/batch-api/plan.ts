// Planning a batch-mode pass: its items cut into remote batches (files within the limits), written
// once as RemoteBatch rows. A replay finds the rows and plans nothing again.
import "server-only";
import { db } from "@/lib/server/db";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import { customIdFor } from "./claims";
import { cutIntoFiles, requestLine } from "./jsonl-requests";
import { fileLimits, modelInputFor, remoteCallFor } from "./remote-settings";

const NEWLINE_BYTES = 1;

/** The items a remote batch of this pass may take: unsent (first pass) or failed `pass` times; never ones set aside for the fallback. */
export function remoteCandidates(runId: string, pass: number): Prisma.RunItemWhereInput {
  return pass === 0 ? { runId, status: "pending", claim: null } : { runId, status: "failed", attempts: pass, claim: null };
}

/** The pass's remote batches: how many, and the first whose results are not recorded yet (count + 1 when none is left). */
export interface RemotePlan {
  count: number;
  next: number;
}

/** Plans the pass once; a replay (or a fresh execution after a hand-over) starts at the first remote batch not settled. */
export async function planRemotePass(runId: string, pass: number): Promise<RemotePlan> {
  const planned = await db.remoteBatch.count({ where: { runId, pass } });
  if (planned > 0) {
    const open = await db.remoteBatch.findFirst({ where: { runId, pass, settledAt: null }, orderBy: { number: "asc" }, select: { number: true } });
    return { count: planned, next: open?.number ?? planned + 1 };
  }
  const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
  const items = await db.runItem.findMany({
    where: remoteCandidates(runId, pass),
    select: { id: true, input: true, attempts: true },
    orderBy: { rowIndex: "asc" },
  });
  if (items.length === 0) return { count: 0, next: 1 };
  const { call } = await remoteCallFor(run, pass, 1);
  const sizes = items.map((item) => Buffer.byteLength(requestLine(customIdFor(item.id, item.attempts + 1), modelInputFor(call, item.input))) + NEWLINE_BYTES);
  const files = cutIntoFiles(sizes, fileLimits());
  await db.remoteBatch.createMany({ data: files.map((requestCount, index) => ({ runId, pass, number: index + 1, requestCount })) });
  return { count: files.length, next: 1 };
}
