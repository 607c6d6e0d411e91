// Creating a run: validate everything first, then write the run and all its items in one
// transaction, then hand it to an executor. A run that cannot start leaves nothing behind.
import "server-only";
import { createHash } from "node:crypto";
import { db, dbTarget } from "@/lib/server/db";
import { insertItems, type NewItem } from "@/lib/server/runs/item-insert";
import { AppError, notFound } from "@/lib/server/errors";
import { inngestConfigured } from "@/lib/server/env";
import { hasPrice, listModels, type ModelPrice } from "@/lib/server/llm/pricing";
import { resolvePrice } from "@/lib/server/providers/prices";
import { resolveProvider } from "@/lib/server/providers/resolve";
import { storedPrice } from "@/lib/server/runs/run-price";
import { validateOutputSchema } from "@/lib/server/llm/client";
import { assertTemplateFits } from "@/lib/server/prompts/template";
import { createRunSchema, outputShapeProblem, RUN_DEFAULTS, type CreateRunInput } from "@/lib/shared/run-settings";
import { estimateOutputTokens, type OutputTokensEstimate } from "@/lib/server/runs/output-estimate";
import { planItems, type PlanSource } from "@/lib/server/runs/plan-items";
import { sampleRowIndexes } from "@/lib/server/runs/sample-rows";
import { dispatchRun } from "@/lib/server/runs/dispatch";
import { usdToNanos } from "@/lib/server/llm/pricing";

/** The batch number of items the pre-filter skipped: they are in no batch, never sent. */
export const SKIPPED_BATCH = 0;

/** An Idempotency-Key: what the client chose to name one intended run. */
const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

export interface CreatedRun {
  id: string;
  status: string;
  /** True when an Idempotency-Key named a run created before: nothing new was made. */
  replayed: boolean;
}

/**
 * Validates, writes and starts a run. If its executor cannot take it, the run is removed again.
 * With an idempotency key, a request repeated with the same key and body gets the first run back
 * (also when both arrive at once); the same key with another body is refused.
 */
/** `createdById`: who launched it (null outside a request). */
export async function createRun(body: unknown, idempotencyKey?: string | null, createdById: string | null = null): Promise<CreatedRun> {
  const idempotency = idempotencyKey == null ? null : checkIdempotencyKey(idempotencyKey, body);
  if (idempotency) {
    const earlier = await findReplay(idempotency);
    if (earlier) return earlier;
  }
  let run: Awaited<ReturnType<typeof insertRun>>;
  try {
    run = await insertRun(body, idempotency, createdById);
  } catch (error) {
    const earlier = idempotency && isUniqueViolation(error) ? await findReplay(idempotency) : null;
    if (earlier) return earlier;
    throw error;
  }
  try {
    await dispatchRun(run);
  } catch (error) {
    await db.run.delete({ where: { id: run.id } });
    console.error(`[run ${run.id}] could not be handed to the ${run.executor} executor`, error);
    throw new AppError("unavailable", `The run could not be started: the ${run.executor} executor is not reachable. Nothing was saved.`);
  }
  return { id: run.id, status: run.status, replayed: false };
}

interface Idempotency {
  key: string;
  requestHash: string;
}

function checkIdempotencyKey(key: string, body: unknown): Idempotency {
  if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
    throw new AppError("bad_request", `The Idempotency-Key header must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} characters.`, { field: "Idempotency-Key" });
  }
  return { key, requestHash: createHash("sha256").update(JSON.stringify(body)).digest("hex") };
}

async function findReplay({ key, requestHash }: Idempotency): Promise<CreatedRun | null> {
  const run = await db.run.findUnique({ where: { idempotencyKey: key }, select: { id: true, status: true, requestHash: true } });
  if (!run) return null;
  if (run.requestHash !== requestHash) {
    throw new AppError("unprocessable", `Idempotency-Key "${key}" was already used for run ${run.id} with a different request body.`, {
      field: "Idempotency-Key",
      runId: run.id,
    });
  }
  return { id: run.id, status: run.status, replayed: true };
}

/** Prisma's unique-constraint error (P2002), by code, on either database. */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}

/** A run request that passed every check: its settings, its dataset, and the rows it covers. */
export interface ValidRunRequest {
  input: CreateRunInput;
  dataset: { id: string; rowCount: number };
  sampleSize: number | null;
  totalItems: number;
  /** The output schema as stored on the run. */
  outputSchemaText: string | null;
  /** The labels as stored on the run (JSON), or null. */
  labelsText: string | null;
  /** Output tokens per item: what the budget check reserves and the preview prices. */
  outputTokens: OutputTokensEstimate;
  plan: PlanSource;
  /** The provider it calls ("default", "simulator" or a provider's id). */
  providerId: string;
  /** Per 1M tokens, as it will be billed; null: no price known. */
  price: ModelPrice | null;
}

/** What a caller inside the server may fix beyond the request body. */
export interface RunRequestOptions {
  /** A sample set drawn once (a comparison's): the sample covers exactly these rows, ascending. */
  sampleRows?: readonly number[];
}

/**
 * Every check a run request gets, shared by POST /api/runs and POST /api/runs/preview so both
 * refuse the same input with the same error. Reads only; writes nothing.
 */
export async function validateRunRequest(body: unknown, options: RunRequestOptions = {}): Promise<ValidRunRequest> {
  const input = createRunSchema.parse(body);
  const dataset = await db.dataset.findUnique({ where: { id: input.datasetId } });
  if (!dataset) throw notFound("Dataset", input.datasetId);
  const columns = JSON.parse(dataset.columns) as string[];

  assertTemplateFits(input.prompt.template, columns);
  const shapeProblem = outputShapeProblem(input);
  if (shapeProblem) throw new AppError("validation_failed", shapeProblem.message, { field: shapeProblem.field });
  if (input.outputSchema) {
    const problem = validateOutputSchema(input.outputSchema);
    if (problem) throw new AppError("validation_failed", `The output schema is not valid JSON Schema: ${problem}`, { field: "outputSchema" });
  }
  let sourceProviderId: string | null = null;
  if (input.sourceRunId) {
    const source = await db.run.findUnique({ where: { id: input.sourceRunId } });
    if (!source || source.datasetId !== dataset.id) {
      throw new AppError("validation_failed", `sourceRunId ${input.sourceRunId} is not a run of this dataset.`, { field: "sourceRunId" });
    }
    sourceProviderId = source.providerId;
  }
  // A full run launched from a sample calls the sample's provider unless it names another.
  const provider = await resolveProvider(input.providerId ?? sourceProviderId);
  // The simulator answers only the models it has list prices for; it would refuse the rest anyway.
  if (provider.kind === "simulator" && !hasPrice(input.model)) {
    throw new AppError("validation_failed", `model: the simulator does not serve "${input.model}". It serves: ${listModels().map((m) => m.id).join(", ")}.`, { field: "model" });
  }
  if (input.mode === "batch" && !provider.batchApi) {
    throw new AppError("validation_failed", `mode: ${provider.name} does not offer the Batch API (its settings say so). Run it as "sync", or mark the provider as offering it.`, { field: "mode" });
  }
  // No price known: the run may go, billed $0 and marked "price unknown", until a price is entered.
  const price = (await resolvePrice(provider.id, input.model))?.price ?? null;

  const drawn = input.kind === "sample" && options.sampleRows ? options.sampleRows.filter((row) => row < dataset.rowCount) : null;
  const sampleSize = input.kind !== "sample" ? null : (drawn?.length ?? Math.min(input.sampleSize ?? RUN_DEFAULTS.sampleSize, dataset.rowCount));
  const rowIndexes = sampleSize === null ? null : (drawn ?? sampleRowIndexes(dataset.rowCount, sampleSize));
  const outputSchemaText = input.outputSchema ? JSON.stringify(input.outputSchema) : null;
  const labelsText = input.labels ? JSON.stringify(input.labels) : null;
  const outputTokens = await estimateOutputTokens({
    datasetId: dataset.id,
    model: input.model,
    promptTemplate: input.prompt.template,
    systemPrompt: input.prompt.system ?? null,
    outputSchema: outputSchemaText,
    labels: labelsText,
    maxTokens: input.maxTokens ?? null,
  });
  return {
    input,
    dataset: { id: dataset.id, rowCount: dataset.rowCount },
    sampleSize,
    totalItems: rowIndexes?.length ?? dataset.rowCount,
    outputSchemaText,
    labelsText,
    outputTokens,
    providerId: provider.id,
    price,
    plan: {
      datasetId: dataset.id,
      rowCount: dataset.rowCount,
      columns,
      template: input.prompt.template,
      rowIndexes,
      settings: { model: input.model, system: input.prompt.system ?? null, outputSchema: outputSchemaText, providerId: provider.id, labels: labelsText },
      prefilter: { minInputChars: input.minInputChars, useCache: input.useCache },
    },
  };
}

/** Where each pre-filter rule's count is kept on the run. */
const PREFILTER_COUNTER = { duplicate: "duplicateCount", cached: "cachedCount", too_short: "tooShortCount" } as const;

/**
 * Validates the request and writes the run with all its items in one transaction; does not start it.
 * Items the pre-filter removes are written skipped (lib/server/runs/prefilter.ts says how) and take no
 * batch: batches number only the items that will be sent, so totalBatches counts real work.
 */
export async function insertRun(
  body: unknown,
  idempotency: Idempotency | null = null,
  createdById: string | null = null,
  options: RunRequestOptions = {},
) {
  const { input, dataset, sampleSize, totalItems, outputSchemaText, labelsText, outputTokens, plan, providerId, price } = await validateRunRequest(body, options);

  return db.$transaction(
    async (tx) => {
      const created = await tx.run.create({
        data: {
          createdById,
          datasetId: dataset.id,
          kind: input.kind,
          priority: input.priority,
          executor: inngestConfigured ? "inngest" : "local",
          model: input.model,
          promptTemplate: input.prompt.template,
          systemPrompt: input.prompt.system ?? null,
          outputSchema: outputSchemaText,
          labels: labelsText,
          maxTokens: input.maxTokens ?? null,
          outputTokensEstimate: outputTokens.reservePerItem,
          outputTokensBasis: outputTokens.basis,
          batchSize: input.batchSize,
          concurrency: input.concurrency,
          delayMs: input.delayMs,
          maxRetries: input.maxRetries,
          errorThreshold: input.errorThreshold,
          budgetNanos: input.budgetUsd ? BigInt(usdToNanos(input.budgetUsd)) : null,
          providerId,
          ...storedPrice(price),
          sampleSize,
          minInputChars: input.minInputChars,
          useCache: input.useCache,
          mode: input.mode,
          batchApiRetries: input.batchApiRetries,
          sourceRunId: input.sourceRunId ?? null,
          totalItems,
          totalBatches: 0,
          idempotencyKey: idempotency?.key ?? null,
          requestHash: idempotency?.requestHash ?? null,
        },
      });
      // Sent items are numbered by position among the sent, so batch n holds positions [(n-1)·size, n·size).
      let sent = 0;
      const prefiltered = { duplicateCount: 0, cachedCount: 0, tooShortCount: 0 };
      const target = dbTarget(db);
      for await (const chunk of planItems(tx, plan)) {
        const items = chunk.map((item): NewItem => {
          const base = { rowIndex: item.rowIndex, input: item.input, cacheKey: item.cacheKey };
          const { verdict } = item;
          if (verdict.send) {
            return { ...base, status: "pending", skipReason: null, output: null, batchNumber: Math.floor(sent++ / input.batchSize) + 1 };
          }
          const output = verdict.rule === "cached" ? verdict.output : null;
          prefiltered[PREFILTER_COUNTER[verdict.rule]]++;
          return { ...base, status: "skipped", skipReason: verdict.skipReason, output, batchNumber: SKIPPED_BATCH };
        });
        await insertItems(tx, target, created.id, items);
      }
      // The database keeps the item counters as items change; inserted items are counted here.
      const counters = { pendingCount: sent, skippedCount: totalItems - sent, ...prefiltered };
      return tx.run.update({ where: { id: created.id }, data: { totalBatches: Math.ceil(sent / input.batchSize), ...counters } });
    },
    { timeout: 120_000 },
  );
}
