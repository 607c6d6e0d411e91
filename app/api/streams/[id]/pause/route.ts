// POST /api/streams/:id/pause – pause a stream: arriving items wait in its queue; answers with the stream as it is now.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http";
import { pauseStream } from "@/lib/server/streams/control";
import { getStreamSummary } from "@/lib/server/streams/views";

export const POST = apiRoute({ role: "operator" }, async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  await pauseStream(id);
  return NextResponse.json(await getStreamSummary(id));
});
