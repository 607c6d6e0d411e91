// Which items in review a person is looking at: by run, dataset and error kind. The queue page, its
// counts and a bulk job's "every item matching this filter" all read the same filter.
import "server-only";
import { z } from "zod";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import type { ReviewFilter } from "@/lib/shared/api-types";

/** The error kind a filter names for items that have none. */
export const NO_ERROR_KIND = "none";

const id = (name: string) => z.string().trim().min(1, `${name} must not be empty`).max(200).optional();

export const reviewFilterSchema = z
  .object({ runId: id("runId"), datasetId: id("datasetId"), errorKind: id("errorKind") })
  .strict();

/** The filter from a query string (`?runId=&datasetId=&errorKind=`); empty values are no filter. */
export function reviewFilterFromUrl(url: URL): ReviewFilter {
  const pick = (name: string) => url.searchParams.get(name)?.trim() || undefined;
  return reviewFilterSchema.parse({ runId: pick("runId"), datasetId: pick("datasetId"), errorKind: pick("errorKind") });
}

/** Items waiting for review that match the filter. */
export function reviewWhere(filter: ReviewFilter): Prisma.RunItemWhereInput {
  return {
    status: "needs_review",
    ...(filter.runId ? { runId: filter.runId } : {}),
    ...(filter.datasetId ? { run: { datasetId: filter.datasetId } } : {}),
    ...(filter.errorKind ? { errorKind: filter.errorKind === NO_ERROR_KIND ? null : filter.errorKind } : {}),
  };
}
