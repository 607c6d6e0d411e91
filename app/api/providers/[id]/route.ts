// PATCH /api/providers/:id – owner: change name, baseUrl, apiKey (null removes it), rpm, tpm, batchApi.
// DELETE /api/providers/:id – owner: 204; 409 while a run uses it or for the built-in ones.
import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/server/http";
import { deleteProvider, getProvider, updateProvider } from "@/lib/server/providers/providers";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute({ role: "reviewer" }, async (_request: Request, { params }: Context) => {
  const { id } = await params;
  return NextResponse.json(await getProvider(id));
});

export const PATCH = apiRoute({ role: "owner" }, async (request: Request, { params }: Context) => {
  const { id } = await params;
  return NextResponse.json(await updateProvider(id, await readJson(request)));
});

export const DELETE = apiRoute({ role: "owner" }, async (_request: Request, { params }: Context) => {
  const { id } = await params;
  await deleteProvider(id);
  return new NextResponse(null, { status: 204 });
});
