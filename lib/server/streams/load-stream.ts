// A stream with its run, or 404.
import "server-only";
import { db } from "@/lib/server/db";
import { notFound } from "@/lib/server/errors";

export async function loadStream(streamId: string) {
  const stream = await db.stream.findUnique({ where: { id: streamId }, include: { run: true } });
  if (!stream) throw notFound("Stream", streamId);
  return stream;
}

export type LoadedStream = Awaited<ReturnType<typeof loadStream>>;

export const streamFields = (stream: { fields: string }) => JSON.parse(stream.fields) as string[];
