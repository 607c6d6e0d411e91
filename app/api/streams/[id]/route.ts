// GET /api/streams/:id – the stream with its counts; PATCH – change its name, batching, guards, priority, budget or webhook URL.
import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/server/http";
import { changeStream } from "@/lib/server/streams/control";
import { getStreamSummary } from "@/lib/server/streams/views";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute({ role: "reviewer" }, async (_request: Request, { params }: Context) => {
  const { id } = await params;
  return NextResponse.json(await getStreamSummary(id));
});

export const PATCH = apiRoute({ role: "operator" }, async (request: Request, { params }: Context) => {
  const { id } = await params;
  const { webhookSecret } = await changeStream(id, await readJson(request));
  return NextResponse.json({ ...(await getStreamSummary(id)), ...(webhookSecret ? { webhookSecret } : {}) });
});
