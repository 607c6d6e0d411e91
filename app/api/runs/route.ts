// POST /api/runs – create and start a run; GET /api/runs – list runs, newest first.
import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/server/http";
import { createRun } from "@/lib/server/runs/create-run";
import { listRunSummaries } from "@/lib/server/runs/views";

export const dynamic = "force-dynamic";

export const POST = apiRoute({ role: "operator" }, async (request: Request, _context, caller) => {
  const { replayed, ...run } = await createRun(await readJson(request), request.headers.get("idempotency-key"), caller.userId);
  return NextResponse.json(run, { status: replayed ? 200 : 201 });
});

export const GET = apiRoute({ role: "reviewer" }, async () => NextResponse.json({ items: await listRunSummaries() }));
