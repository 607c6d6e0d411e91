// POST /api/streams/:id/resume – resume a paused stream: its queue drains; answers with the stream as it is now.
import { NextResponse } from "next/server";
import { apiRoute, readOptionalJson } from "@/lib/server/http";
import { resumeStream } from "@/lib/server/streams/control";
import { getStreamSummary } from "@/lib/server/streams/views";

export const POST = apiRoute({ role: "operator" }, async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  await resumeStream(id, await readOptionalJson(request));
  return NextResponse.json(await getStreamSummary(id));
});
