// GET /api/comparisons/:id/rows?offset=&limit=&filter=all|disagreements|unjudged – the sample's rows with every variant's answer.
import { NextResponse } from "next/server";
import { AppError } from "@/lib/server/errors";
import { apiRoute, intParam } from "@/lib/server/http";
import { getComparisonRows, ROW_FILTERS, type RowFilter } from "@/lib/server/comparisons/comparison-rows";

export const dynamic = "force-dynamic";

const MAX_ROWS_PAGE = 200;
const DEFAULT_ROWS_PAGE = 50;
const MAX_OFFSET = 1_000;

export const GET = apiRoute({ role: "reviewer" }, async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const url = new URL(request.url);
  const filter = (url.searchParams.get("filter") || "all") as RowFilter;
  if (!ROW_FILTERS.includes(filter)) throw new AppError("validation_failed", `filter must be one of ${ROW_FILTERS.join(", ")}.`, { field: "filter" });
  const page = { offset: intParam(url, "offset", 0, MAX_OFFSET), limit: intParam(url, "limit", DEFAULT_ROWS_PAGE, MAX_ROWS_PAGE), filter };
  return NextResponse.json(await getComparisonRows(id, page));
});
