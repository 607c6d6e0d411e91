// GET /api/review/summary?runId=&datasetId= – the open count (navigation badge), counts per error
// kind, and the runs and datasets that have items in review.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http";
import { reviewFilterFromUrl } from "@/lib/server/review/filter";
import { reviewSummary } from "@/lib/server/review/summary";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ role: "reviewer" }, async (request: Request) =>
  NextResponse.json(await reviewSummary(reviewFilterFromUrl(new URL(request.url)))),
);
