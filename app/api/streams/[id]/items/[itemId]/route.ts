// GET /api/streams/:id/items/:itemId – one item: status, output, error and timings (arrived, started, finished).
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http";
import { getStreamItem } from "@/lib/server/streams/views";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ role: "reviewer" }, async (_request: Request, { params }: { params: Promise<{ id: string; itemId: string }> }) => {
  const { id, itemId } = await params;
  return NextResponse.json(await getStreamItem(id, itemId));
});
