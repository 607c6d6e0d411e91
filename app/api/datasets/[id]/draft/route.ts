// GET /api/datasets/:id/draft – the caller's last new-run form for this dataset; PUT – save it (as they type).
import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/server/http";
import { getRunDraft, saveRunDraft } from "@/lib/server/datasets/run-draft";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute({ role: "operator" }, async (_request: Request, { params }: Context, caller) => {
  const { id } = await params;
  return NextResponse.json(await getRunDraft(id, caller.userId));
});

export const PUT = apiRoute({ role: "operator" }, async (request: Request, { params }: Context, caller) => {
  const { id } = await params;
  return NextResponse.json(await saveRunDraft(id, caller.userId, await readJson(request)));
});
