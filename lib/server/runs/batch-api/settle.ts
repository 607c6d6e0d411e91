// Settling a finished remote batch: its output and error files matched to its items by custom_id
// and recorded exactly as synchronous answers are (an item move and an attempt row, together).
// Requests it never ran (expired, cancelled) are not failures: their items wait for the pass's
// synchronous fallback. The error-rate breaker then looks at the batch as it would at any other.
import "server-only";
import { db } from "@/lib/server/db";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import { costNanos } from "@/lib/server/llm/pricing";
import { prepareChatRequest } from "@/lib/server/llm/client";
import type { BilledUsage, ModelCallError } from "@/lib/server/llm/errors";
import { moveItemQuery, moveItems, pauseRunFor } from "@/lib/server/runs/state-machine";
import { breakerReason, breakerTrips } from "@/lib/server/runs/breaker";
import { describeProgress } from "@/lib/server/runs/progress";
import { logPause, logRun } from "@/lib/server/runs/run-log";
import type { BatchOutcome } from "@/lib/server/runs/process-batch";
import { plural } from "@/lib/shared/format";
import { customIdFor, fallbackClaim, parseCustomId, remoteClaim } from "./claims";
import { readResultFile, readResultLine } from "./result-lines";
import { modelInputFor, remoteCallFor } from "./remote-settings";

/** Answers recorded per transaction: few round trips, short write locks. */
const WRITE_CHUNK = 200;

export async function settleRemoteBatch(runId: string, pass: number, number: number): Promise<BatchOutcome> {
  const remote = await db.remoteBatch.findUniqueOrThrow({ where: { runId_pass_number: { runId, pass, number } } });
  if (remote.settledAt) return { ran: false, next: "continue", ok: remote.answered, failed: remote.errored };
  const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
  const claim = remoteClaim(pass, number);
  const claimed = await db.runItem.findMany({ where: { runId, status: "processing", claim }, select: { id: true, input: true, attempts: true } });
  // Only the attempt each item was sent for: a line for any other custom_id settles nothing.
  const waiting = new Map(claimed.map((item) => [customIdFor(item.id, item.attempts + 1), item]));
  const { client, call } = await remoteCallFor(run, pass, number);
  const { schema } = prepareChatRequest(modelInputFor(call, ""));
  const submittedAt = remote.submittedAt?.getTime() ?? remote.createdAt.getTime();
  // Answers carry no time of their own: each took the batch's time, from submission to its end.
  const latencyMs = Math.max(0, (remote.finishedAt?.getTime() ?? Date.now()) - submittedAt);
  const syncPrice = (billed: BilledUsage) =>
    costNanos({ promptTokens: billed.tokensIn, cachedPromptTokens: billed.cachedTokensIn, completionTokens: billed.tokensOut }, call.price);

  const totals = { answered: 0, errored: 0, costNanos: 0, syncCostNanos: 0 };
  const kinds = new Map<string, number>();
  let writes: Prisma.PrismaPromise<unknown>[] = [];
  const flush = async () => {
    if (writes.length > 0) await db.$transaction(writes);
    writes = [];
  };

  for (const fileId of [remote.outputFileId, remote.errorFileId]) {
    if (!fileId) continue;
    for await (const line of readResultFile(client, fileId)) {
      const item = line.custom_id ? waiting.get(line.custom_id) : undefined;
      if (!item || !line.custom_id || !parseCustomId(line.custom_id)) continue;
      const outcome = readResultLine(line, modelInputFor(call, item.input), schema);
      if (outcome.kind === "never_run") continue;
      waiting.delete(line.custom_id);
      const attempt = { itemId: item.id, runId, pass, batchNumber: number, latencyMs };
      if (outcome.kind === "answer") {
        const { billed } = outcome;
        totals.answered++;
        totals.costNanos += billed.costNanos;
        totals.syncCostNanos += syncPrice(billed);
        writes.push(
          moveItemQuery(item.id, claim, "completed", {
            output: outcome.output,
            errorKind: null,
            errorMessage: null,
            attempts: { increment: 1 },
            tokensIn: { increment: billed.tokensIn },
            tokensOut: { increment: billed.tokensOut },
            costNanos: { increment: billed.costNanos },
            latencyMs,
          }),
          db.itemAttempt.create({ data: { ...attempt, ok: true, tokensIn: billed.tokensIn, tokensOut: billed.tokensOut, costNanos: billed.costNanos } }),
        );
      } else {
        const failure: ModelCallError = outcome.error;
        const billed = { tokensIn: failure.billed?.tokensIn ?? 0, tokensOut: failure.billed?.tokensOut ?? 0, costNanos: failure.billed?.costNanos ?? 0 };
        totals.errored++;
        totals.costNanos += billed.costNanos;
        if (failure.billed) totals.syncCostNanos += syncPrice(failure.billed);
        kinds.set(failure.kind, (kinds.get(failure.kind) ?? 0) + 1);
        writes.push(
          moveItemQuery(item.id, claim, "failed", {
            errorKind: failure.kind,
            errorMessage: failure.message,
            attempts: { increment: 1 },
            tokensIn: { increment: billed.tokensIn },
            tokensOut: { increment: billed.tokensOut },
            costNanos: { increment: billed.costNanos },
            latencyMs,
          }),
          db.itemAttempt.create({ data: { ...attempt, ok: false, errorKind: failure.kind, errorMessage: failure.message, ...billed } }),
        );
      }
      if (writes.length >= WRITE_CHUNK * 2) await flush();
    }
  }
  await flush();

  // Never run (expired, cancelled, or no line at all): not attempted, so no failure; the pass's synchronous fallback sends them.
  const unattempted = await moveItems({ runId, claim }, ["processing"], pass === 0 ? "pending" : "failed", { claim: fallbackClaim(pass) });
  await db.remoteBatch.update({
    where: { id: remote.id },
    data: { settledAt: new Date(), answered: totals.answered, errored: totals.errored, unattempted, costNanos: totals.costNanos, syncCostNanos: totals.syncCostNanos },
  });
  const ended = remote.status === "completed" ? "completed" : remote.status;
  logRun(
    runId,
    `Remote batch ${number} ${ended}: ${plural(totals.answered, "answer")}, ${plural(totals.errored, "failed request")}` +
      (unattempted > 0 ? `, ${plural(unattempted, "item")} never run (sent synchronously instead).` : "."),
  );
  const progress = await describeProgress(runId, { pass, batch: number, batchCount: await db.remoteBatch.count({ where: { runId, pass } }) });
  logRun(runId, progress.line);

  const failures = { pass, batch: number, failed: totals.errored, sent: totals.answered + totals.errored, kinds: [...kinds].map(([kind, n]) => `${n} ${kind}`).join(", ") };
  if (breakerTrips(run, failures)) {
    const reason = breakerReason(run.errorThreshold, failures);
    if (await pauseRunFor(runId, "breaker", reason, { from: ["running"] })) {
      logPause(runId, "breaker", reason);
      return { ran: true, next: "pause", ok: totals.answered, failed: totals.errored };
    }
  }
  return { ran: true, next: "continue", ok: totals.answered, failed: totals.errored };
}
