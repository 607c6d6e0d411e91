// GET /api/streams/:id/stats – the stream page's figures: arrivals per minute, queue depth, arrival-to-result p50/p95, error rate, cost today.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http";
import { getStreamStats } from "@/lib/server/streams/stats";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ role: "reviewer" }, async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return NextResponse.json(await getStreamStats(id));
});
