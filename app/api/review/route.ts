// GET /api/review?runId=&datasetId=&errorKind=&offset=&limit= – items waiting for a person, oldest first.
import { NextResponse } from "next/server";
import { apiRoute, intParam } from "@/lib/server/http";
import { reviewFilterFromUrl } from "@/lib/server/review/filter";
import { listReviewQueue } from "@/lib/server/review/queue";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ role: "reviewer" }, async (request: Request) => {
  const url = new URL(request.url);
  const offset = intParam(url, "offset", 0, Number.MAX_SAFE_INTEGER);
  const limit = intParam(url, "limit", 50, 200);
  return NextResponse.json(await listReviewQueue(offset, limit, reviewFilterFromUrl(url)));
});
