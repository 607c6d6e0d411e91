// GET /api/runs?status=&datasetId= : the runs list's filters, read from the URL with a 400 naming the parameter.
import "server-only";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { RUN_STATUSES, type RunStatus, type RunSummary } from "@/lib/shared/api-types";
import { listRunSummaries, type RunListFilter } from "@/lib/server/runs/views";

/** Ids are cuids; anything longer or with other characters is a mistyped URL, not a dataset. */
const DATASET_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** `status=paused` or `status=queued,running` (or the parameter repeated); `datasetId=<id>`. Empty values mean no filter. */
export function parseRunListFilter(url: URL): RunListFilter {
  const statuses = url.searchParams
    .getAll("status")
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter((value) => value !== "");
  for (const status of statuses) {
    if (!(RUN_STATUSES as readonly string[]).includes(status)) {
      throw new AppError("bad_request", `status must be one of ${RUN_STATUSES.join(", ")} (several separated by commas); got "${status.slice(0, 40)}".`, {
        field: "status",
      });
    }
  }
  const datasetId = url.searchParams.get("datasetId")?.trim() ?? "";
  if (datasetId !== "" && !DATASET_ID.test(datasetId)) {
    throw new AppError("bad_request", "datasetId must be a dataset's id (letters, digits, - and _).", { field: "datasetId" });
  }
  return { statuses: [...new Set(statuses)] as RunStatus[], datasetId: datasetId || undefined };
}

/** The filtered list; a dataset that does not exist is a 404, looked up only when no run matched (so a normal list stays at its fixed queries). */
export async function listFilteredRuns(filter: RunListFilter): Promise<RunSummary[]> {
  const runs = await listRunSummaries(filter);
  if (runs.length === 0 && filter.datasetId) {
    const dataset = await db.dataset.findUnique({ where: { id: filter.datasetId }, select: { id: true } });
    if (!dataset) throw notFound("Dataset", filter.datasetId);
  }
  return runs;
}
