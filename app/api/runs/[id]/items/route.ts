// GET /api/runs/:id/items?status=&offset=&limit= – a page of a run's items.
import { NextResponse } from "next/server";
import { apiRoute, intParam } from "@/lib/http";
import { listItems, parseItemStatus } from "@/lib/runs/queries";

export const dynamic = "force-dynamic";

const MAX_PAGE = 500;

export const GET = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const url = new URL(request.url);
  const status = parseItemStatus(url.searchParams.get("status"));
  const offset = intParam(url, "offset", 0, Number.MAX_SAFE_INTEGER);
  const limit = intParam(url, "limit", 50, MAX_PAGE);
  return NextResponse.json(await listItems(id, status, offset, limit));
});
