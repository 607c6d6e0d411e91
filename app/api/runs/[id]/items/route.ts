// GET /api/runs/:id/items?status=&limit=&(offset=|after=) – a page of a run's items, by offset or after a rowIndex.
import { NextResponse } from "next/server";
import { apiRoute, intParam } from "@/lib/server/http";
import { listItems, parseItemStatus } from "@/lib/server/runs/queries";

export const dynamic = "force-dynamic";

const MAX_PAGE = 500;
/** rowIndex is a 32-bit integer column. */
const MAX_ROW_INDEX = 2_147_483_647;

export const GET = apiRoute({ role: "reviewer" }, async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const url = new URL(request.url);
  const given = (name: string) => (url.searchParams.get(name) ?? "") !== "";
  return NextResponse.json(
    await listItems(id, {
      status: parseItemStatus(url.searchParams.get("status")),
      offset: given("offset") ? intParam(url, "offset", 0, Number.MAX_SAFE_INTEGER) : undefined,
      after: given("after") ? intParam(url, "after", 0, MAX_ROW_INDEX) : undefined,
      limit: intParam(url, "limit", 50, MAX_PAGE),
    }),
  );
});
