// Every status change of a run or an item goes through here, as one conditional update from the
// states it may come from (`updateMany where status in …`, then a look at the count). Two requests
// racing for the same change cannot both win: the loser changes nothing and is told so.
import "server-only";
import { randomUUID } from "node:crypto";
import { db, type DbClient } from "@/lib/server/db";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import type { ItemStatus, PauseKind, ReviewJobStatus, RunStatus } from "@/lib/shared/api-types";
import { AppError, notFound } from "@/lib/server/errors";

/**
 * Where a run may go from each status. Ended runs go nowhere.
 *
 * A paused run waits for a person and says why in `pauseKind` (PAUSE_KINDS). A budget stop is
 * such a pause, not an end: the next batch could pass the budget, so it is not sent; its items
 * stay pending (a retry pass's stay failed) and are neither skipped nor processed, and raising
 * the budget then resuming (paused → running) sends them. Settings a person may change
 * (budget, breaker threshold) change only while paused (SETTINGS_CHANGE_FROM): no batch reads
 * them then.
 */
export const RUN_TRANSITIONS: Record<RunStatus, readonly RunStatus[]> = {
  queued: ["running", "paused", "cancelled", "failed"],
  running: ["paused", "completed", "failed", "cancelled"],
  paused: ["running", "cancelled", "failed"],
  completed: [],
  failed: [],
  cancelled: [],
};

/** Why a run is paused: a person; the error-rate breaker; the budget; an execution out of retries. */
export const PAUSE_KINDS: readonly PauseKind[] = ["person", "breaker", "budget", "execution"];

/** The statuses in which a person may change a run's budget or breaker threshold. */
export const SETTINGS_CHANGE_FROM: readonly RunStatus[] = ["paused"];

/**
 * Where an item may go from each status. Nothing is skipped once it could be sent: "skipped" is
 * the pre-filter's (written at creation) or a person's discard in review.
 */
export const ITEM_TRANSITIONS: Record<ItemStatus, readonly ItemStatus[]> = {
  // sent in a batch (a budget stop leaves it pending)
  pending: ["processing"],
  // answered; failed; a review retry failed again; back to pending or failed when the run was
  // cancelled or its budget stopped a replayed batch before the call
  processing: ["completed", "failed", "needs_review", "pending"],
  // a retry pass takes it; or retrying cannot help and a person must look
  failed: ["processing", "needs_review"],
  // a person retries, resolves or discards it
  needs_review: ["processing", "completed", "skipped"],
  completed: [],
  skipped: [],
};

type RunData = Omit<Prisma.RunUpdateManyMutationInput, "status">;
type ItemData = Omit<Prisma.RunItemUpdateManyMutationInput, "status">;

function allowedFrom<S extends string>(transitions: Record<S, readonly S[]>, to: S): S[] {
  return (Object.keys(transitions) as S[]).filter((from) => transitions[from].includes(to));
}

/**
 * Moves a run to `to` if it is in one of `from` (default: every status that may go there).
 * Returns whether this call made the change.
 */
export async function moveRun(
  runId: string,
  to: RunStatus,
  options: { from?: readonly RunStatus[]; data?: RunData; client?: Pick<DbClient, "run"> } = {},
): Promise<boolean> {
  const from = options.from ?? allowedFrom(RUN_TRANSITIONS, to);
  assertAllowed(RUN_TRANSITIONS, from, to, "run");
  const client = options.client ?? db;
  const { count } = await client.run.updateMany({ where: { id: runId, status: { in: [...from] } }, data: { ...options.data, status: to } });
  return count === 1;
}

/** As moveRun, for a person's request: losing the race answers 409 with the run's current state. */
export async function moveRunOrConflict(runId: string, to: RunStatus, from: readonly RunStatus[], data?: RunData, action: string = to): Promise<void> {
  if (await moveRun(runId, to, { from, data })) return;
  const current = await db.run.findUnique({ where: { id: runId }, select: { status: true } });
  if (!current) throw notFound("Run", runId);
  throw new AppError("conflict", `The run cannot be ${action}: it is ${current.status}.`, { status: current.status });
}

/** Pauses a running (or queued) run, saying why; false if it was not in one of `from`. */
export function pauseRunFor(
  runId: string,
  kind: PauseKind,
  reason: string,
  options: { from?: readonly RunStatus[]; client?: Pick<DbClient, "run"> } = {},
): Promise<boolean> {
  return moveRun(runId, "paused", { from: options.from ?? ["queued", "running"], data: { pauseReason: reason, pauseKind: kind }, client: options.client });
}

/**
 * Changes settings of a paused run in one conditional update; a run that is not paused (resumed
 * or ended meanwhile) answers 409 with its state and keeps its settings.
 */
export async function changePausedRunOrConflict(runId: string, data: RunData): Promise<void> {
  const { count } = await db.run.updateMany({ where: { id: runId, status: { in: [...SETTINGS_CHANGE_FROM] } }, data });
  if (count === 1) return;
  const current = await db.run.findUnique({ where: { id: runId }, select: { status: true } });
  if (!current) throw notFound("Run", runId);
  throw new AppError("conflict", `The run's settings can only change while it is paused: it is ${current.status}.`, { status: current.status });
}

/** Moves the items matching `where` that are in one of `from` to `to`; returns how many moved. */
export async function moveItems(
  where: Prisma.RunItemWhereInput,
  from: readonly ItemStatus[],
  to: ItemStatus,
  data: ItemData = {},
  client: Pick<DbClient, "runItem"> = db,
): Promise<number> {
  assertAllowed(ITEM_TRANSITIONS, from, to, "item");
  const { count } = await client.runItem.updateMany({ where: { ...where, status: { in: [...from] } }, data: { ...data, status: to } });
  return count;
}

/** The update that moves one item, for use inside a batch transaction with its attempt row. */
export function moveItemQuery(itemId: string, claim: string, to: ItemStatus, data: ItemData) {
  assertAllowed(ITEM_TRANSITIONS, ["processing"], to, "item");
  return db.runItem.updateMany({ where: { id: itemId, status: "processing", claim }, data: { ...data, status: to, claim: null } });
}

/** The claim a run's batch puts on its items: a replay of the same step takes them back. */
export const batchClaim = (pass: number, batch: number) => `batch:${pass}:${batch}`;
export const BATCH_CLAIM_PREFIX = "batch:";

/**
 * Claims one item waiting for review for a retry. Only one of two racing retries wins; the other
 * (and a resolve or discard racing it) answers 409 with the item's current state.
 */
export async function claimForReviewRetry(itemId: string, data: ItemData): Promise<string> {
  const claim = `review:${randomUUID()}`;
  const moved = await moveItems({ id: itemId }, ["needs_review"], "processing", { ...data, claim });
  if (moved === 0) throw await itemConflict(itemId, "retried");
  return claim;
}

/**
 * Claims up to `ids` items still waiting for review; returns the ids this call won. A review job
 * passes its own `claim` (reviewJobClaim) so that, resumed after a crash, it takes back only its items.
 */
export async function claimManyForReviewRetry(ids: string[], data: ItemData, claim = `review:${randomUUID()}`): Promise<{ claim: string; ids: string[] }> {
  const moved = await moveItems({ id: { in: ids } }, ["needs_review"], "processing", { ...data, claim });
  if (moved === 0) return { claim, ids: [] };
  const won = await db.runItem.findMany({ where: { claim, status: "processing" }, select: { id: true } });
  return { claim, ids: won.map((item) => item.id) };
}

/** A person settles one item waiting for review; 409 if it is no longer waiting. */
export async function settleReviewItem(itemId: string, to: "completed" | "skipped", data: ItemData, action: string): Promise<void> {
  const moved = await moveItems({ id: itemId }, ["needs_review"], to, data);
  if (moved === 0) throw await itemConflict(itemId, action);
}

/** The claim a review job puts on the items it retries: `review:job:<jobId>:<the chunk's last item id>`. */
export const reviewJobClaim = (jobId: string, chunk: string) => `${reviewJobClaimPrefix(jobId)}${chunk}`;
export const reviewJobClaimPrefix = (jobId: string) => `review:job:${jobId}:`;

/** Where a review job (lib/server/review/jobs.ts) may go from each status. */
export const REVIEW_JOB_TRANSITIONS: Record<ReviewJobStatus, readonly ReviewJobStatus[]> = {
  queued: ["running", "failed"],
  // "running" again: an executor takes over a job whose holder stopped renewing its lease
  running: ["running", "completed", "failed"],
  completed: [],
  failed: [],
};

type ReviewJobData = Omit<Prisma.ReviewJobUpdateManyMutationInput, "status">;

/**
 * Moves a review job to `to` if it is in one of `from` and matches `where` (a lease condition, say);
 * returns whether this call made the change: of two executors taking one job, one wins.
 */
export async function moveReviewJob(
  jobId: string,
  from: readonly ReviewJobStatus[],
  to: ReviewJobStatus,
  data: ReviewJobData = {},
  where: Prisma.ReviewJobWhereInput = {},
): Promise<boolean> {
  assertAllowed(REVIEW_JOB_TRANSITIONS, from, to, "review job");
  const { count } = await db.reviewJob.updateMany({ where: { ...where, id: jobId, status: { in: [...from] } }, data: { ...data, status: to } });
  return count === 1;
}

async function itemConflict(itemId: string, action: string): Promise<AppError> {
  const item = await db.runItem.findUnique({ where: { id: itemId }, select: { status: true } });
  if (!item) return notFound("Item", itemId);
  const why = item.status === "processing" ? "it is being sent to the model right now" : `it is ${item.status}, not waiting for review`;
  return new AppError("conflict", `Item ${itemId} cannot be ${action}: ${why}.`, { status: item.status });
}

function assertAllowed<S extends string>(transitions: Record<S, readonly S[]>, from: readonly S[], to: S, what: string): void {
  for (const status of from) {
    if (!transitions[status].includes(to)) throw new Error(`A ${what} cannot go from ${status} to ${to}.`);
  }
}
