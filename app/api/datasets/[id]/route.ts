// GET /api/datasets/:id?offset=&limit=&q= – one dataset with a page of its rows (of those containing q); PATCH – rename it; DELETE – delete it.
import { NextResponse } from "next/server";
import { apiRoute, intParam, readJson } from "@/lib/server/http";
import { DEFAULT_ROW_PAGE, deleteDataset, getDataset, MAX_ROW_PAGE, renameDataset } from "@/lib/server/datasets/queries";
import { rowSearchSchema } from "@/lib/server/datasets/row-search";
import { renameDatasetSchema } from "@/lib/server/datasets/schema";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute({ role: "reviewer" }, async (request: Request, { params }: Context) => {
  const { id } = await params;
  const url = new URL(request.url);
  const offset = intParam(url, "offset", 0, Number.MAX_SAFE_INTEGER);
  const limit = intParam(url, "limit", DEFAULT_ROW_PAGE, MAX_ROW_PAGE);
  const { q } = rowSearchSchema.parse({ q: url.searchParams.get("q") ?? "" });
  return NextResponse.json(await getDataset(id, { offset, limit, q }));
});

export const PATCH = apiRoute({ role: "operator" }, async (request: Request, { params }: Context) => {
  const { id } = await params;
  const { name } = renameDatasetSchema.parse(await readJson(request));
  return NextResponse.json(await renameDataset(id, name));
});

export const DELETE = apiRoute({ role: "operator" }, async (_request: Request, { params }: Context) => {
  const { id } = await params;
  await deleteDataset(id);
  return new Response(null, { status: 204 });
});
