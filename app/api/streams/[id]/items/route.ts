// POST /api/streams/:id/items – send 1–1,000 items ({ items: [{ key?, data }] }); 202 with their ids (a re-sent key gets the first item's id).
import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/server/http";
import { acceptStreamItems } from "@/lib/server/streams/ingest";

export const POST = apiRoute({ role: "operator" }, async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return NextResponse.json(await acceptStreamItems(id, await readJson(request)), { status: 202 });
});
