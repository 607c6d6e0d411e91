// GET /api/runs/:id/batches – per-batch rows of every pass.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http";
import { listBatches } from "@/lib/server/runs/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ role: "reviewer" }, async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return NextResponse.json({ items: await listBatches(id) });
});
