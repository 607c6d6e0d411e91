// GET /api/runs/:id – one run: status, counts, progress, cost, ETA, progress line.
// PATCH /api/runs/:id – while paused: { budgetUsd?, errorThreshold? }; 409 unless paused.
import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/server/http";
import { changeRunSettings } from "@/lib/server/runs/control";
import { getRunSummary } from "@/lib/server/runs/views";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ role: "reviewer" }, async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return NextResponse.json(await getRunSummary(id));
});

export const PATCH = apiRoute({ role: "operator" }, async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  await changeRunSettings(id, await readJson(request));
  return NextResponse.json(await getRunSummary(id));
});
