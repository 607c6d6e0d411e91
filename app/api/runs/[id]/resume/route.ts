// POST /api/runs/:id/resume – resume a run; answers with the run as it is now.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http";
import { resumeRun } from "@/lib/runs/control";
import { getRunSummary } from "@/lib/runs/views";

export const POST = apiRoute({ role: "operator" }, async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  await resumeRun(id);
  return NextResponse.json(await getRunSummary(id));
});
