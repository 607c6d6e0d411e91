// GET /api/datasets/:id/columns – each column's inferred type, empty and distinct counts, a sample value and its longest length.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http";
import { getColumnProfile } from "@/lib/server/datasets/column-profile";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute({ role: "reviewer" }, async (_request: Request, { params }: Context) => {
  const { id } = await params;
  return NextResponse.json(await getColumnProfile(id));
});
