// GET /api/providers/:id/models – the endpoint's /v1/models merged with the price table.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http";
import { listProviderModels } from "@/lib/server/providers/models";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ role: "reviewer" }, async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return NextResponse.json(await listProviderModels(id));
});
