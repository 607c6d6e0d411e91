// GET /api/runs/:id/timeline?buckets=60 – the run's calls over time: throughput, 429s, latency, cost.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http";
import { getRunTimeline, parseBucketCount } from "@/lib/server/runs/timeline";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ role: "reviewer" }, async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const buckets = parseBucketCount(new URL(request.url).searchParams.get("buckets"));
  return NextResponse.json(await getRunTimeline(id, { buckets }));
});
