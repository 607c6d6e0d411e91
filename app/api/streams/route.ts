// POST /api/streams – create a stream (201; its webhook secret is shown this once); GET /api/streams – list streams, newest first.
import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/server/http";
import { createStream } from "@/lib/server/streams/create-stream";
import { listStreams } from "@/lib/server/streams/views";

export const dynamic = "force-dynamic";

export const POST = apiRoute({ role: "operator" }, async (request: Request, _context, caller) =>
  NextResponse.json(await createStream(await readJson(request), caller.userId), { status: 201 }),
);

export const GET = apiRoute({ role: "reviewer" }, async () => NextResponse.json({ items: await listStreams() }));
