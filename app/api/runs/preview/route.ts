// POST /api/runs/preview – what the pre-filter removes from a run, and what the rest would cost; writes nothing.
import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/server/http";
import { previewRun } from "@/lib/server/runs/preview-run";

export const dynamic = "force-dynamic";

export const POST = apiRoute({ role: "operator" }, async (request: Request) => NextResponse.json(await previewRun(await readJson(request))));
