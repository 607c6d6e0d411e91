// GET /api/comparisons/:id – each variant's measurements, agreement, approval, projection, and the gate's suggestion.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http";
import { getComparison } from "@/lib/server/comparisons/comparison-view";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ role: "reviewer" }, async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return NextResponse.json(await getComparison(id));
});
