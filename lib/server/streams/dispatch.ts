// Tells a stream's executor that items arrived or that it was resumed: the in-process batcher,
// or Inngest (an event per item; the process-stream function batches them by stream).
import "server-only";
import { inngest } from "@/inngest/client";
import { db } from "@/lib/server/db";
import { streamItemArrived } from "@/inngest/events";
import { localStreamExecutor } from "@/lib/server/streams/local-stream-executor";

/** Events one send carries at most (Inngest accepts bigger, but keeps each request small). */
const EVENTS_PER_SEND = 500;

export async function notifyStream(stream: { id: string; run: { executor: string } }, itemIds: string[] = []): Promise<void> {
  if (stream.run.executor !== "inngest") {
    localStreamExecutor.notify(stream.id);
    return;
  }
  const events = itemIds.length > 0 ? itemIds.map((itemId) => streamItemArrived.create({ streamId: stream.id, itemId })) : [streamItemArrived.create({ streamId: stream.id })];
  for (let i = 0; i < events.length; i += EVENTS_PER_SEND) await inngest.send(events.slice(i, i + EVENTS_PER_SEND));
}

/** A stream's run was resumed (through the run's or the stream's routes): its queue drains now. */
export async function notifyStreamOfRun(runId: string): Promise<void> {
  const stream = await db.stream.findUnique({ where: { runId }, select: { id: true, run: { select: { executor: true } } } });
  if (stream) await notifyStream(stream);
}
