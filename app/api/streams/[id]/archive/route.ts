// POST /api/streams/:id/archive – archive a stream: it takes no more items; answers with the stream as it is now.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http";
import { archiveStream } from "@/lib/server/streams/control";
import { getStreamSummary } from "@/lib/server/streams/views";

export const POST = apiRoute({ role: "operator" }, async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  await archiveStream(id);
  return NextResponse.json(await getStreamSummary(id));
});
