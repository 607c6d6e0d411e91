// POST /api/runs/:id/resume – resume a paused run; answers with the run as it is now. Optional body:
// { budgetUsd?, errorThreshold?, ignoreBreakerThisPass? }, applied in the same change as the resume.
import { NextResponse } from "next/server";
import { apiRoute, readOptionalJson } from "@/lib/server/http";
import { resumeRun } from "@/lib/server/runs/control";
import { getRunSummary } from "@/lib/server/runs/views";

export const POST = apiRoute({ role: "operator" }, async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  await resumeRun(id, await readOptionalJson(request));
  return NextResponse.json(await getRunSummary(id));
});
