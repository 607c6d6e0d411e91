// POST /api/runs – create and start a run; GET /api/runs – list runs, newest first.
import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/http";
import { createRun } from "@/lib/runs/create-run";
import { listRunSummaries } from "@/lib/runs/views";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (request: Request) => {
  const { replayed, ...run } = await createRun(await readJson(request), request.headers.get("idempotency-key"));
  return NextResponse.json(run, { status: replayed ? 200 : 201 });
});

export const GET = apiRoute(async () => NextResponse.json({ items: await listRunSummaries() }));
