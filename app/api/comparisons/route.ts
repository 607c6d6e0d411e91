// POST /api/comparisons – compare up to 4 variants on one sample set; GET /api/comparisons?datasetId= – list them, newest first.
import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/server/http";
import { createComparison } from "@/lib/server/comparisons/create-comparison";
import { listComparisons } from "@/lib/server/comparisons/comparison-view";

export const dynamic = "force-dynamic";

export const POST = apiRoute({ role: "operator" }, async (request: Request, _context, caller) =>
  NextResponse.json(await createComparison(await readJson(request), caller.userId), { status: 201 }),
);

export const GET = apiRoute({ role: "reviewer" }, async (request: Request) => {
  const datasetId = new URL(request.url).searchParams.get("datasetId") || undefined;
  return NextResponse.json({ items: await listComparisons(datasetId) });
});
