// GET /api/runs/:id – one run: status, counts, batches, cost, ETA, progress line.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http";
import { getRunSummary } from "@/lib/server/runs/views";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ role: "reviewer" }, async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return NextResponse.json(await getRunSummary(id));
});
