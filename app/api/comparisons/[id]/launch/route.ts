// POST /api/comparisons/:id/launch – start the full run of one variant { variant, confirmUnjudged?, budgetUsd? }.
import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/server/http";
import { launchComparison } from "@/lib/server/comparisons/launch";

export const POST = apiRoute({ role: "operator" }, async (request: Request, { params }: { params: Promise<{ id: string }> }, caller) => {
  const { id } = await params;
  const { replayed, ...run } = await launchComparison(id, await readJson(request), request.headers.get("idempotency-key"), caller.userId);
  return NextResponse.json(run, { status: replayed ? 200 : 201 });
});
