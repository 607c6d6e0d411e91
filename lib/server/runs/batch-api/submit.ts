// Submitting one remote batch: claim its items, upload their JSONL, create the batch, and write
// every id down before anyone waits on it. A replay after a crash re-attaches at whichever point
// it stopped and never submits the same attempt twice.
import "server-only";
import type OpenAI from "openai";
import { toFile } from "openai";
import type { Batch } from "openai/resources/batches";
import { db } from "@/lib/server/db";
import { checkBudget } from "@/lib/server/runs/budget";
import { pauseForBudget } from "@/lib/server/runs/run-lifecycle";
import { moveItems } from "@/lib/server/runs/state-machine";
import { isEnded } from "@/lib/server/runs/status";
import { logRun } from "@/lib/server/runs/run-log";
import { plural } from "@/lib/shared/format";
import { customIdFor, remoteClaim } from "./claims";
import { BATCH_ENDPOINT, requestLine } from "./jsonl-requests";
import { remoteCandidates } from "./plan";
import { recordBatchState } from "./poll";
import { cancelRemoteBatches } from "./cancel";
import { modelInputFor, remoteCallFor } from "./remote-settings";

export const COMPLETION_WINDOW = "24h";
/** How far back the batches list is searched for a batch this run created but did not write down. */
const BATCH_LIST_SEARCH_LIMIT = 1_000;

/** wait: submitted (now or before); settled: nothing left to do; pause / stop: the run is paused or ended. */
export type SubmitOutcome = { next: "wait" | "settled" | "pause" | "stop" };

export async function submitRemoteBatch(runId: string, pass: number, number: number): Promise<SubmitOutcome> {
  const remote = await db.remoteBatch.findUniqueOrThrow({ where: { runId_pass_number: { runId, pass, number } } });
  if (remote.settledAt) return { next: "settled" };
  if (remote.batchId) return { next: "wait" };

  const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
  if (isEnded(run.status)) return { next: "stop" };
  // Paused before anything was uploaded: nothing is out, so wait for the resume first.
  if (run.status === "paused" && !remote.inputFileId) return { next: "pause" };

  const claim = remoteClaim(pass, number);
  const { client, call } = await remoteCallFor(run, pass, number);
  const select = { id: true, input: true, attempts: true } as const;
  // Items an earlier execution of this step claimed are ours again; otherwise claim the next ones.
  let items = await db.runItem.findMany({ where: { runId, status: "processing", claim }, select, orderBy: { rowIndex: "asc" } });
  if (items.length === 0) {
    if (remote.inputFileId) throw new Error(`Remote batch ${remote.id} has a file but no claimed items.`);
    const candidates = await db.runItem.findMany({ where: remoteCandidates(runId, pass), select, orderBy: { rowIndex: "asc" }, take: remote.requestCount });
    if (candidates.length === 0) {
      await db.remoteBatch.update({ where: { id: remote.id }, data: { status: "empty", requestCount: 0, settledAt: new Date() } });
      return { next: "settled" };
    }
    const budget = checkBudget(run, candidates, { batchApi: true });
    if (!budget.ok) return { next: await pauseForBudget(runId, { pass, claim, check: budget }) };
    const ids = candidates.map((item) => item.id);
    await moveItems({ id: { in: ids }, claim: null }, [pass === 0 ? "pending" : "failed"], "processing", { claim });
    items = await db.runItem.findMany({ where: { runId, status: "processing", claim }, select, orderBy: { rowIndex: "asc" } });
  }

  let inputFileId = remote.inputFileId;
  if (!inputFileId) {
    const lines = items.map((item) => `${requestLine(customIdFor(item.id, item.attempts + 1), modelInputFor(call, item.input))}\n`);
    const file = await client.files.create({ file: await toFile(Buffer.from(lines.join("")), `batchwise-${runId}-${pass}-${number}.jsonl`), purpose: "batch" });
    inputFileId = file.id;
    // Written before the batch is created: a crash after creating it finds it again by this file.
    await db.remoteBatch.update({ where: { id: remote.id }, data: { inputFileId, requestCount: items.length } });
  }

  const batch =
    (await findBatchFor(client, inputFileId)) ??
    (await client.batches.create({
      input_file_id: inputFileId,
      endpoint: BATCH_ENDPOINT,
      completion_window: COMPLETION_WINDOW,
      metadata: { batchwise_run: runId, batchwise_remote_batch: remote.id },
    }));
  await db.remoteBatch.update({ where: { id: remote.id }, data: { batchId: batch.id, submittedAt: new Date(batch.created_at * 1000) } });
  // Found again after a crash, it may have moved on (even ended) meanwhile: all of that is written down as a poll would.
  await recordBatchState(remote.id, batch);
  logRun(runId, `Remote batch ${number} submitted to the Batch API: ${plural(items.length, "request")} (${batch.id}).`);
  // Cancelled while this step was submitting: the cancel could not know the batch yet, so it is cancelled here.
  const now = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true } });
  if (isEnded(now.status)) {
    await cancelRemoteBatches(runId);
    return { next: "stop" };
  }
  return { next: "wait" };
}

/** The batch already created from this input file, if a crash came between creating it and writing its id down. */
async function findBatchFor(client: OpenAI, inputFileId: string): Promise<Batch | null> {
  let seen = 0;
  for await (const batch of client.batches.list({ limit: 100 })) {
    if (batch.input_file_id === inputFileId) return batch;
    if (++seen >= BATCH_LIST_SEARCH_LIMIT) break;
  }
  return null;
}
