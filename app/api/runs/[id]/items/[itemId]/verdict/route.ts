// POST /api/runs/:id/items/:itemId/verdict – approve or reject one answer { verdict, note? }; judging again changes it.
import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/server/http";
import { judgeItem } from "@/lib/server/comparisons/verdicts";

export const POST = apiRoute({ role: "reviewer" }, async (request: Request, { params }: { params: Promise<{ id: string; itemId: string }> }, caller) => {
  const { id, itemId } = await params;
  return NextResponse.json(await judgeItem(id, itemId, await readJson(request), caller.userId));
});
