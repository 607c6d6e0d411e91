// POST /api/streams/:id/items: validate every item against the stream's fields, then append the
// new ones (data as dataset rows, rendered prompts as pending run items) in one transaction, and
// tell the executor. A key already used in this stream gives back the first item's id.
import "server-only";
import { db, dbTarget } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { renderTemplate, templateColumns } from "@/lib/server/prompts/template";
import { isEnded } from "@/lib/server/runs/status";
import { streamItemsSchema, type StreamItemsInput } from "@/lib/shared/stream-settings";
import type { AcceptedStreamItems } from "@/lib/shared/api-types";
import { loadStream, streamFields } from "@/lib/server/streams/load-stream";
import { insertArrivedItems, type ArrivedItem } from "@/lib/server/streams/item-insert";
import { notifyStream } from "@/lib/server/streams/dispatch";

type SentItem = StreamItemsInput["items"][number];

/** Prisma's defaults (2 s to start, 5 s to finish) are short for 1,000 items behind other requests to the same stream. */
const INGEST_TRANSACTION = { maxWait: 15_000, timeout: 30_000 } as const;

export async function acceptStreamItems(streamId: string, body: unknown): Promise<AcceptedStreamItems> {
  const { items } = streamItemsSchema.parse(body);
  const stream = await loadStream(streamId);
  if (isEnded(stream.run.status)) {
    throw new AppError("conflict", `Stream ${streamId} is archived: it takes no more items.`, { status: "archived" });
  }
  const fields = streamFields(stream);
  const needed = templateColumns(stream.run.promptTemplate);
  const rows = items.map((item, index) => checkItem(item, index, fields, needed));

  // The first item with a key in this request stands for the later ones with the same key.
  const firstWithKey = new Map<string, number>();
  const fresh: number[] = [];
  rows.forEach((row, index) => {
    if (row.key === null) fresh.push(index);
    else if (!firstWithKey.has(row.key)) {
      firstWithKey.set(row.key, index);
      fresh.push(index);
    }
  });

  const arrivedAt = new Date();
  const keys = [...firstWithKey.keys()];
  const { idsByKey, idsByRow } = await db.$transaction(async (tx) => {
    const known = new Map(
      (await tx.runItem.findMany({ where: { runId: stream.runId, streamKey: { in: keys } }, select: { id: true, streamKey: true } })).map((i) => [i.streamKey ?? "", i.id]),
    );
    const toInsert = fresh.filter((index) => rows[index]?.key === null || !known.has(rows[index]?.key ?? ""));
    if (toInsert.length === 0) return { idsByKey: known, idsByRow: new Map<number, string>() };

    // Row indexes are handed out by the dataset's row count, one atomic increment per request.
    const dataset = await tx.dataset.update({ where: { id: stream.run.datasetId }, data: { rowCount: { increment: toInsert.length } }, select: { rowCount: true } });
    const firstRow = dataset.rowCount - toInsert.length;
    const arrived: ArrivedItem[] = toInsert.map((index, n) => {
      const row = rows[index]!;
      return { rowIndex: firstRow + n, input: renderTemplate(stream.run.promptTemplate, row.values), key: row.key };
    });
    await tx.datasetRow.createMany({
      data: arrived.map((item, n) => ({ datasetId: stream.run.datasetId, index: item.rowIndex, cells: JSON.stringify(fields.map((f) => rows[toInsert[n]!]!.values[f] ?? "")) })),
    });
    const inserted = await insertArrivedItems(tx, dbTarget(db), stream.runId, arrived, arrivedAt);
    const mine = await tx.runItem.findMany({
      where: { runId: stream.runId, rowIndex: { gte: firstRow, lt: firstRow + toInsert.length } },
      select: { id: true, rowIndex: true, streamKey: true },
      orderBy: { rowIndex: "asc" },
    });
    const byRow = new Map<number, string>();
    for (const item of mine) byRow.set(toInsert[item.rowIndex - firstRow]!, item.id);
    // Keys another request inserted meanwhile: their first item stands, and this request's data row for it goes.
    const lost = arrived.filter((item) => item.key !== null && !mine.some((m) => m.rowIndex === item.rowIndex));
    if (lost.length > 0) {
      await tx.datasetRow.deleteMany({ where: { datasetId: stream.run.datasetId, index: { in: lost.map((i) => i.rowIndex) } } });
      const winners = await tx.runItem.findMany({ where: { runId: stream.runId, streamKey: { in: lost.map((i) => i.key!) } }, select: { id: true, streamKey: true } });
      for (const winner of winners) known.set(winner.streamKey ?? "", winner.id);
    }
    for (const item of mine) if (item.streamKey !== null) known.set(item.streamKey, item.id);
    // Inserts are not seen by the counter triggers (they follow updates): count them here.
    await tx.run.update({ where: { id: stream.runId }, data: { totalItems: { increment: inserted }, pendingCount: { increment: inserted } } });
    return { idsByKey: known, idsByRow: byRow };
    // Requests to one stream queue on its dataset row (the row-index increment): give the wait room.
  }, INGEST_TRANSACTION);

  const newIds = new Set(idsByRow.values());
  const accepted = rows.map((row, index) => {
    const id = row.key === null ? idsByRow.get(index) : idsByKey.get(row.key);
    if (!id) throw new Error(`Stream ${streamId}: item ${index} has no id after insert.`);
    // A duplicate: its key named an item that existed before this request, or an earlier one in it.
    const duplicate = row.key !== null && (firstWithKey.get(row.key) !== index || !newIds.has(id));
    return { id, key: row.key, duplicate };
  });
  // In the order they were sent: Inngest's batches then follow arrival order too.
  const made = [...new Set(accepted.map((a) => a.id).filter((id) => newIds.has(id)))];
  if (made.length > 0) await notifyStream(stream, made);
  return { items: accepted };
}

/** An item's values as text, refusing fields the stream does not declare and fields its template needs but are missing. */
function checkItem(item: SentItem, index: number, fields: readonly string[], needed: readonly string[]) {
  const where = `items.${index}.data`;
  const unknown = Object.keys(item.data).filter((name) => !fields.includes(name));
  if (unknown.length > 0) {
    throw new AppError("validation_failed", `${where}: unknown field${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}. The stream's fields: ${fields.join(", ")}.`, {
      field: where,
      unknownFields: unknown,
    });
  }
  const missing = needed.filter((name) => item.data[name] === undefined || item.data[name] === null);
  if (missing.length > 0) {
    throw new AppError("validation_failed", `${where}: missing ${missing.join(", ")}, which the prompt template needs.`, { field: where, missingFields: missing });
  }
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(item.data)) values[name] = value === null ? "" : String(value);
  return { key: item.key ?? null, values };
}
