// GET /api/runs/:id/remote-batches – a batch-mode run's Batch API batches: status, counts, cost.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http";
import { listRemoteBatches } from "@/lib/server/runs/batch-api/remote-batch-views";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ role: "reviewer" }, async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return NextResponse.json({ items: await listRemoteBatches(id) });
});
