// The new-run form's last draft, one per dataset and person, saved as they type.
import "server-only";
import { db } from "@/lib/server/db";
import { notFound } from "@/lib/server/errors";
import { saveRunDraftSchema, type RunDraftResponse } from "@/lib/shared/run-draft";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export async function getRunDraft(datasetId: string, userId: string): Promise<RunDraftResponse> {
  const draft = await db.runDraft.findUnique({ where: { datasetId_userId: { datasetId, userId } } });
  if (!draft) {
    await assertDatasetExists(datasetId);
    return { draft: null };
  }
  const values: unknown = JSON.parse(draft.values);
  return { draft: { values: isRecord(values) ? values : {}, updatedAt: draft.updatedAt.toISOString() } };
}

export async function saveRunDraft(datasetId: string, userId: string, body: unknown): Promise<RunDraftResponse> {
  const { values } = saveRunDraftSchema.parse(body);
  await assertDatasetExists(datasetId);
  const text = JSON.stringify(values);
  const draft = await db.runDraft.upsert({
    where: { datasetId_userId: { datasetId, userId } },
    create: { datasetId, userId, values: text },
    update: { values: text },
  });
  return { draft: { values, updatedAt: draft.updatedAt.toISOString() } };
}

async function assertDatasetExists(datasetId: string): Promise<void> {
  const dataset = await db.dataset.findUnique({ where: { id: datasetId }, select: { id: true } });
  if (!dataset) throw notFound("Dataset", datasetId);
}
