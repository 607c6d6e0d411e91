// GET /api/review/jobs/:jobId – one bulk review job: status, totals and progress.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http";
import { getReviewJob } from "@/lib/server/review/jobs";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ role: "reviewer" }, async (_request: Request, { params }: { params: Promise<{ jobId: string }> }) => {
  const { jobId } = await params;
  return NextResponse.json(await getReviewJob(jobId));
});
