// Bulk review actions as background jobs: a request records what to do (the items or a filter, the
// action, examples) and answers 202; an executor (the local supervisor, or Inngest) works through the
// job in chunks with executeReviewJobChunk, the one function both call. Retried items are claimed per
// the state machine first, so a person acting on an item the job holds gets 409 and nothing is lost,
// and of two jobs over the same items each item is sent once.
import "server-only";
import pLimit from "p-limit";
import { z } from "zod";
import { inngest } from "@/inngest/client";
import { reviewJobCreated } from "@/inngest/events";
import { db } from "@/lib/server/db";
import { inngestConfigured } from "@/lib/server/env";
import { AppError, notFound } from "@/lib/server/errors";
import type { ReviewJob as ReviewJobRow } from "@/lib/server/generated/sqlite/client";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import { assertOwnResolutions, examplesByRun, MAX_REVIEW_EXAMPLES } from "@/lib/server/review/examples";
import { reviewFilterSchema, reviewWhere } from "@/lib/server/review/filter";
import { afterReview, retryWithModel } from "@/lib/server/review/queue";
import {
  claimManyForReviewRetry,
  moveItems,
  moveReviewJob,
  reviewJobClaim,
  reviewJobClaimPrefix,
} from "@/lib/server/runs/state-machine";
import type { ReviewAction, ReviewFilter, ReviewJob } from "@/lib/shared/api-types";

/** Items a retry job sends per chunk (one Inngest step each); its progress is written as answers land. */
export const REVIEW_JOB_CHUNK = 100;
/** Items a discard or resolve job moves per chunk: one conditional update each, no model calls. */
export const REVIEW_JOB_SETTLE_CHUNK = 500;
/** How often a retry chunk writes its progress (done/failed) while answers land. */
const PROGRESS_FLUSH_MS = 300;
/** Ids one job may name; larger selections are sent as a filter. */
export const MAX_REVIEW_JOB_IDS = 10_000;
/** How long a job's executor holds it without renewing (each chunk renews). */
export const REVIEW_JOB_LEASE_MS = 60_000;

export const reviewJobSchema = z
  .object({
    action: z.enum(["retry", "discard", "resolve"], { error: 'action must be "retry", "discard" or "resolve"' }),
    itemIds: z.array(z.string().min(1)).min(1, "itemIds must name at least one item").max(MAX_REVIEW_JOB_IDS).optional(),
    filter: reviewFilterSchema.optional(),
    /** The first form of this endpoint: every item of one run in review. */
    runId: z.string().min(1).optional(),
    output: z.string().min(1, "output is required to resolve items").optional(),
    exampleItemIds: z.array(z.string().min(1)).max(MAX_REVIEW_EXAMPLES, `at most ${MAX_REVIEW_EXAMPLES} examples`).optional(),
  })
  .superRefine((body, ctx) => {
    const scopes = [body.itemIds, body.filter, body.runId].filter((s) => s !== undefined).length;
    if (scopes !== 1) ctx.addIssue({ code: "custom", path: ["itemIds"], message: "give exactly one of itemIds, filter or runId" });
    if (body.action === "resolve" && !body.output) ctx.addIssue({ code: "custom", path: ["output"], message: "output is required to resolve items" });
    if (body.action !== "resolve" && body.output !== undefined) ctx.addIssue({ code: "custom", path: ["output"], message: "output is only for resolve" });
    if (body.action !== "retry" && body.exampleItemIds?.length) {
      ctx.addIssue({ code: "custom", path: ["exampleItemIds"], message: "examples go with a retry only" });
    }
  });

/** Records a bulk review job and hands it to its executor; the caller answers 202 with it. */
export async function createReviewJob(body: unknown, createdById: string | null = null): Promise<ReviewJob> {
  const input = reviewJobSchema.parse(body);
  if (input.runId && !(await db.run.findUnique({ where: { id: input.runId }, select: { id: true } }))) throw notFound("Run", input.runId);
  const exampleItemIds = [...new Set(input.exampleItemIds ?? [])];
  await assertOwnResolutions(exampleItemIds, createdById);

  const itemIds = input.itemIds ? [...new Set(input.itemIds)].sort() : null;
  const filter: ReviewFilter | null = itemIds ? null : input.runId ? { runId: input.runId } : (input.filter ?? {});
  // Set here, not by the database: a filter job covers the items in review up to this moment.
  const createdAt = new Date();
  const total = itemIds ? itemIds.length : await db.runItem.count({ where: filterScope(filter ?? {}, createdAt) });
  const job = await db.reviewJob.create({
    data: {
      action: input.action,
      executor: inngestConfigured ? "inngest" : "local",
      itemIds: itemIds ? JSON.stringify(itemIds) : null,
      filter: filter ? JSON.stringify(filter) : null,
      output: input.output ?? null,
      exampleItemIds: exampleItemIds.length ? JSON.stringify(exampleItemIds) : null,
      total,
      createdById,
      createdAt,
    },
  });
  try {
    await dispatchReviewJob(job);
  } catch (error) {
    await db.reviewJob.delete({ where: { id: job.id } });
    console.error(`[review job ${job.id}] could not be handed to the ${job.executor} executor`, error);
    throw new AppError("unavailable", `The job could not be started: the ${job.executor} executor is not reachable. Nothing was changed.`);
  }
  return toReviewJob(job);
}

async function dispatchReviewJob(job: ReviewJobRow): Promise<void> {
  if (job.executor === "inngest") {
    await inngest.send(reviewJobCreated.create({ jobId: job.id }));
    return;
  }
  // Imported here: the executor imports this module to run jobs.
  const { localExecutor } = await import("@/lib/server/runs/local-executor");
  localExecutor.enqueueReviewJob(job.id);
}

export async function getReviewJob(jobId: string): Promise<ReviewJob> {
  const job = await db.reviewJob.findUnique({ where: { id: jobId } });
  if (!job) throw notFound("Review job", jobId);
  return toReviewJob(job);
}

/** The newest jobs, unfinished first: what the queue page shows progress for. */
export async function listReviewJobs(limit = 20): Promise<ReviewJob[]> {
  const jobs = await db.reviewJob.findMany({ orderBy: { createdAt: "desc" }, take: limit });
  return jobs.map(toReviewJob);
}

/**
 * Takes a job for `owner`: a queued job, or a running one whose holder is this owner or stopped
 * renewing its lease. Of two executors taking one job, one wins.
 */
export async function claimReviewJob(jobId: string, owner: string, now = new Date()): Promise<boolean> {
  const lease = { leaseOwner: owner, leaseExpiresAt: new Date(now.getTime() + REVIEW_JOB_LEASE_MS) };
  if (await moveReviewJob(jobId, ["queued"], "running", { ...lease, startedAt: now })) return true;
  return moveReviewJob(jobId, ["running"], "running", lease, { OR: [{ leaseOwner: null }, { leaseOwner: owner }, { leaseExpiresAt: { lt: now } }] });
}

/**
 * Handles the job's next chunk (the job must be claimed by `owner`); returns whether the job is
 * finished. Each chunk is safe to run again: items are taken from the job's cursor on, and items the
 * job claimed before an interruption are retried first.
 */
export async function executeReviewJobChunk(jobId: string, owner: string): Promise<{ finished: boolean }> {
  const job = await db.reviewJob.findUniqueOrThrow({ where: { id: jobId } });
  if (job.status !== "running") return { finished: true };
  if (job.leaseOwner !== owner) throw new Error(`Review job ${jobId} is held by ${job.leaseOwner ?? "nobody"}, not ${owner}.`);
  const renewLease = { leaseExpiresAt: new Date(Date.now() + REVIEW_JOB_LEASE_MS) };
  const reviewed = { reviewAction: job.action, reviewedAt: new Date(), reviewedById: job.createdById };

  const leftover = job.action === "retry" ? await db.runItem.findMany({ where: { status: "processing", claim: { startsWith: reviewJobClaimPrefix(job.id) } }, select: { id: true, claim: true } }) : [];
  if (leftover.length > 0) {
    await retryClaimed(job, leftover.map((item) => ({ id: item.id, claim: item.claim ?? "" })));
    return { finished: false };
  }

  const chunk = await nextChunk(job, job.action === "retry" ? REVIEW_JOB_CHUNK : REVIEW_JOB_SETTLE_CHUNK);
  if (chunk.length === 0) {
    const skipped = Math.max(0, job.total - job.done - job.failed);
    await moveReviewJob(job.id, ["running"], "completed", { skipped, finishedAt: new Date(), leaseOwner: null, leaseExpiresAt: null }, { leaseOwner: owner });
    return { finished: true };
  }
  const ids = chunk.map((item) => item.id);
  const cursor = ids[ids.length - 1] as string;

  if (job.action === "retry") {
    const claim = reviewJobClaim(job.id, cursor);
    const won = await claimManyForReviewRetry(ids, reviewed, claim);
    // The cursor moves first: a crash from here on resumes with the claimed items as leftovers.
    await db.reviewJob.update({ where: { id: job.id }, data: { cursor, ...renewLease } });
    await retryClaimed(job, won.ids.map((id) => ({ id, claim })));
  } else {
    const where = { id: { in: ids } };
    const moved =
      job.action === "discard"
        ? await moveItems(where, ["needs_review"], "skipped", { ...reviewed, skipReason: "discarded in review" })
        : await moveItems(where, ["needs_review"], "completed", { ...reviewed, output: job.output });
    await db.reviewJob.update({ where: { id: job.id }, data: { cursor, done: { increment: moved }, ...renewLease } });
    for (const runId of new Set(chunk.map((item) => item.runId))) await afterReview(runId);
  }
  return { finished: false };
}

/** Runs a whole job here (the local executor): claims it, then chunk after chunk until it is finished. */
export async function executeReviewJob(jobId: string, owner: string): Promise<boolean> {
  if (!(await claimReviewJob(jobId, owner))) return false;
  while (!(await executeReviewJobChunk(jobId, owner)).finished);
  return true;
}

/** A job that cannot go on: it is failed with the reason and the items it held go back to review. */
export async function failReviewJob(jobId: string, reason: string): Promise<void> {
  await moveItems({ claim: { startsWith: reviewJobClaimPrefix(jobId) } }, ["processing"], "needs_review", { claim: null });
  await moveReviewJob(jobId, ["queued", "running"], "failed", { error: reason.slice(0, 2000), finishedAt: new Date(), leaseOwner: null, leaseExpiresAt: null });
}

/** Items still waiting for review that the job covers, after its cursor, in id order. */
async function nextChunk(job: ReviewJobRow, size: number): Promise<{ id: string; runId: string }[]> {
  const select = { id: true, runId: true } as const;
  if (job.itemIds) {
    const ids = (JSON.parse(job.itemIds) as string[]).filter((id) => job.cursor === null || id > job.cursor);
    // Ids the job names that are no longer in review are passed over (counted as skipped at the end).
    for (let start = 0; start < ids.length; start += size) {
      const slice = ids.slice(start, start + size);
      const items = await db.runItem.findMany({ where: { id: { in: slice }, status: "needs_review" }, select, orderBy: { id: "asc" } });
      if (items.length > 0) return items;
    }
    return [];
  }
  const filter = JSON.parse(job.filter ?? "{}") as ReviewFilter;
  return db.runItem.findMany({
    where: { ...filterScope(filter, job.createdAt), ...(job.cursor ? { id: { gt: job.cursor } } : {}) },
    select,
    orderBy: { id: "asc" },
    take: size,
  });
}

/**
 * A filter job covers the items in review when it was made: an item that entered review later (or
 * came back after someone else's retry) was not in what the person chose.
 */
function filterScope(filter: ReviewFilter, createdAt: Date): Prisma.RunItemWhereInput {
  return { ...reviewWhere(filter), updatedAt: { lte: createdAt } };
}

/** Sends claimed items to the model (bounded by each run's concurrency) and counts each outcome as it lands. */
async function retryClaimed(job: ReviewJobRow, claimed: { id: string; claim: string }[]): Promise<void> {
  if (claimed.length === 0) return;
  const items = await db.runItem.findMany({
    where: { id: { in: claimed.map((c) => c.id) }, status: "processing", claim: { startsWith: reviewJobClaimPrefix(job.id) } },
    select: { id: true, input: true, batchNumber: true, runId: true, claim: true },
    orderBy: { rowIndex: "asc" },
  });
  const runs = new Map((await db.run.findMany({ where: { id: { in: [...new Set(items.map((i) => i.runId))] } } })).map((run) => [run.id, run]));
  const examples = await examplesByRun(job.exampleItemIds ? (JSON.parse(job.exampleItemIds) as string[]) : []);
  const limits = new Map([...runs.values()].map((run) => [run.id, pLimit(run.concurrency)]));
  // Outcomes are counted in memory and written a few times a second: one write per answer would
  // queue behind SQLite's one writer for nothing the progress bar can show.
  const pending = { done: 0, failed: 0 };
  let lastFlush = Date.now();
  const flush = async () => {
    if (pending.done === 0 && pending.failed === 0) return;
    const data = { done: { increment: pending.done }, failed: { increment: pending.failed } };
    pending.done = pending.failed = 0;
    lastFlush = Date.now();
    await db.reviewJob.update({ where: { id: job.id }, data });
  };
  await Promise.all(
    items.map((item) => {
      const run = runs.get(item.runId);
      const limit = limits.get(item.runId);
      if (!run || !limit || !item.claim) return Promise.resolve();
      return limit(async () => {
        const ok = await retryWithModel(run, { id: item.id, input: item.input, batchNumber: item.batchNumber, claim: item.claim ?? "" }, examples.get(run.id));
        pending[ok ? "done" : "failed"] += 1;
        if (Date.now() - lastFlush >= PROGRESS_FLUSH_MS) await flush();
      });
    }),
  );
  await flush();
  for (const runId of runs.keys()) await afterReview(runId);
}

export function toReviewJob(job: ReviewJobRow): ReviewJob {
  return {
    id: job.id,
    action: job.action as ReviewAction,
    status: job.status as ReviewJob["status"],
    itemCount: job.itemIds ? (JSON.parse(job.itemIds) as string[]).length : null,
    filter: job.filter ? (JSON.parse(job.filter) as ReviewFilter) : null,
    exampleCount: job.exampleItemIds ? (JSON.parse(job.exampleItemIds) as string[]).length : 0,
    total: job.total,
    done: job.done,
    failed: job.failed,
    skipped: job.skipped,
    error: job.error,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
