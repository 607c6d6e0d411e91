// POST /api/runs/:id/cancel – cancel a run; answers with the run as it is now.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http";
import { cancelRun } from "@/lib/server/runs/control";
import { getRunSummary } from "@/lib/server/runs/views";

export const POST = apiRoute({ role: "operator" }, async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  await cancelRun(id);
  return NextResponse.json(await getRunSummary(id));
});
