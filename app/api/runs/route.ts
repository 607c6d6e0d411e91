// POST /api/runs – create and start a run; GET /api/runs?status=&datasetId= – list runs, newest first.
import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/server/http";
import { createRun } from "@/lib/server/runs/create-run";
import { listFilteredRuns, parseRunListFilter } from "@/lib/server/runs/run-list-filter";

export const dynamic = "force-dynamic";

export const POST = apiRoute({ role: "operator" }, async (request: Request, _context, caller) => {
  const { replayed, ...run } = await createRun(await readJson(request), request.headers.get("idempotency-key"), caller.userId);
  return NextResponse.json(run, { status: replayed ? 200 : 201 });
});

export const GET = apiRoute({ role: "reviewer" }, async (request: Request) =>
  NextResponse.json({ items: await listFilteredRuns(parseRunListFilter(new URL(request.url))) }),
);
