// POST /api/runs – create and start a run; GET /api/runs – list runs, newest first.
import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/http";
import { createRun } from "@/lib/runs/create-run";
import { listRunSummaries } from "@/lib/runs/views";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (request: Request) => {
  const run = await createRun(await readJson(request));
  return NextResponse.json(run, { status: 201 });
});

export const GET = apiRoute(async () => NextResponse.json({ items: await listRunSummaries() }));
