// Creating a run: validate everything first, then write the run and all its items in one
// transaction, then hand it to an executor. A run that cannot start leaves nothing behind.
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { inngestConfigured } from "@/lib/env";
import { priceFor } from "@/lib/llm/pricing";
import { validateOutputSchema } from "@/lib/llm/client";
import { assertTemplateFits, renderTemplate } from "@/lib/prompts/template";
import { createRunSchema, RUN_DEFAULTS } from "@/lib/runs/settings";
import { sampleRowIndexes } from "@/lib/runs/sample-rows";
import { dispatchRun } from "@/lib/runs/dispatch";
import { MICROS_PER_USD } from "@/lib/format";

/** Rows read and items written per round trip: bounded memory and SQLite's parameter limit. */
const ITEM_WRITE_CHUNK = 500;

/** Validates, writes and starts a run. If its executor cannot take it, the run is removed again. */
export async function createRun(body: unknown): Promise<{ id: string; status: string }> {
  const run = await insertRun(body);
  try {
    await dispatchRun(run);
  } catch (error) {
    await db.run.delete({ where: { id: run.id } });
    console.error(`[run ${run.id}] could not be handed to the ${run.executor} executor`, error);
    throw new AppError("unavailable", `The run could not be started: the ${run.executor} executor is not reachable. Nothing was saved.`);
  }
  return { id: run.id, status: run.status };
}

/** Validates the request and writes the run with all its items in one transaction; does not start it. */
export async function insertRun(body: unknown) {
  const input = createRunSchema.parse(body);
  const dataset = await db.dataset.findUnique({ where: { id: input.datasetId } });
  if (!dataset) throw notFound("Dataset", input.datasetId);
  const columns = JSON.parse(dataset.columns) as string[];

  assertTemplateFits(input.prompt.template, columns);
  try {
    priceFor(input.model);
  } catch (error) {
    throw new AppError("validation_failed", (error as Error).message, { field: "model" });
  }
  if (input.outputSchema) {
    const problem = validateOutputSchema(input.outputSchema);
    if (problem) throw new AppError("validation_failed", `The output schema is not valid JSON Schema: ${problem}`, { field: "outputSchema" });
  }
  if (input.sourceRunId) {
    const source = await db.run.findUnique({ where: { id: input.sourceRunId } });
    if (!source || source.datasetId !== dataset.id) {
      throw new AppError("validation_failed", `sourceRunId ${input.sourceRunId} is not a run of this dataset.`, { field: "sourceRunId" });
    }
  }

  const sampleSize = input.kind === "sample" ? Math.min(input.sampleSize ?? RUN_DEFAULTS.sampleSize, dataset.rowCount) : null;
  const sampled = sampleSize === null ? null : new Set(sampleRowIndexes(dataset.rowCount, sampleSize));
  const totalItems = sampled?.size ?? dataset.rowCount;

  const run = await db.$transaction(
    async (tx) => {
      const created = await tx.run.create({
        data: {
          datasetId: dataset.id,
          kind: input.kind,
          priority: input.priority,
          executor: inngestConfigured ? "inngest" : "local",
          model: input.model,
          promptTemplate: input.prompt.template,
          systemPrompt: input.prompt.system ?? null,
          outputSchema: input.outputSchema ? JSON.stringify(input.outputSchema) : null,
          batchSize: input.batchSize,
          concurrency: input.concurrency,
          delayMs: input.delayMs,
          maxRetries: input.maxRetries,
          errorThreshold: input.errorThreshold,
          budgetMicros: input.budgetUsd ? Math.round(input.budgetUsd * MICROS_PER_USD) : null,
          sampleSize,
          sourceRunId: input.sourceRunId ?? null,
          totalItems,
          totalBatches: Math.ceil(totalItems / input.batchSize),
        },
      });
      // Items are numbered by position in the run, so batch n holds positions [(n-1)·size, n·size).
      let position = 0;
      for (let offset = 0; offset < dataset.rowCount; offset += ITEM_WRITE_CHUNK) {
        const rows = await tx.datasetRow.findMany({
          where: { datasetId: dataset.id, index: { gte: offset, lt: offset + ITEM_WRITE_CHUNK } },
          orderBy: { index: "asc" },
        });
        const wanted = sampled ? rows.filter((row) => sampled.has(row.index)) : rows;
        if (wanted.length === 0) continue;
        await tx.runItem.createMany({
          data: wanted.map((row) => {
            const cells = JSON.parse(row.cells) as string[];
            const values = Object.fromEntries(columns.map((column, i) => [column, cells[i] ?? ""]));
            const batchNumber = Math.floor(position++ / input.batchSize) + 1;
            return { runId: created.id, rowIndex: row.index, input: renderTemplate(input.prompt.template, values), batchNumber };
          }),
        });
      }
      return created;
    },
    { timeout: 120_000 },
  );

  return run;
}
