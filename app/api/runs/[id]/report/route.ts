// GET /api/runs/:id/report – the final report (409 while the run is still going).
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http";
import { getReport } from "@/lib/server/runs/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ role: "reviewer" }, async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return NextResponse.json(await getReport(id));
});
