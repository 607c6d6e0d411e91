// GET /api/review/examples?runId=&limit= – the caller's own resolutions in a run, newest first: the
// examples a retry of that run's items can carry.
import { NextResponse } from "next/server";
import { AppError } from "@/lib/server/errors";
import { apiRoute, intParam } from "@/lib/server/http";
import { listReviewExamples, MAX_REVIEW_EXAMPLES } from "@/lib/server/review/examples";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ role: "reviewer" }, async (request: Request, _context, caller) => {
  const url = new URL(request.url);
  const runId = url.searchParams.get("runId");
  if (!runId) throw new AppError("validation_failed", "runId is required.", { field: "runId" });
  const limit = intParam(url, "limit", MAX_REVIEW_EXAMPLES, MAX_REVIEW_EXAMPLES);
  return NextResponse.json({ items: await listReviewExamples(runId, caller.userId, limit) });
});
