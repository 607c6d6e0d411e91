// POST /api/review/jobs – a bulk review action (retry, discard or resolve) over items by id or over
// every item matching a filter: recorded as a job and answered 202; an executor carries it out.
// GET /api/review/jobs – the newest jobs with their progress.
import { NextResponse } from "next/server";
import { apiRoute, intParam, readJson } from "@/lib/server/http";
import { createReviewJob, listReviewJobs } from "@/lib/server/review/jobs";

export const dynamic = "force-dynamic";

export const POST = apiRoute({ role: "reviewer" }, async (request: Request, _context, caller) => {
  const job = await createReviewJob(await readJson(request), caller.userId);
  return NextResponse.json(job, { status: 202, headers: { location: `/api/review/jobs/${job.id}` } });
});

export const GET = apiRoute({ role: "reviewer" }, async (request: Request) => {
  const limit = intParam(new URL(request.url), "limit", 20, 100);
  return NextResponse.json({ items: await listReviewJobs(limit) });
});
