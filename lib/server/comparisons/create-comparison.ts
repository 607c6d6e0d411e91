// POST /api/comparisons: every variant is checked before anything is written, the sample set is drawn
// once, each variant becomes a sample run over exactly those rows, and all runs start together. A
// comparison that cannot start leaves nothing behind.
import "server-only";
import { z } from "zod";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { dispatchRun } from "@/lib/server/runs/dispatch";
import { insertRun, validateRunRequest } from "@/lib/server/runs/create-run";
import { previewRun } from "@/lib/server/runs/preview-run";
import { COMPARISON_DEFAULTS, createComparisonSchema, type ComparisonRequest } from "@/lib/shared/comparison-settings";
import { drawSampleSet } from "./sample-set";
import { runBodyFor } from "./variant-run";

/**
 * A comparison measures each variant on every row: no answer is reused from the response cache, so
 * costs and latencies are the variant's own; and failures are part of the measurement, so the
 * error-rate breaker (there to protect a large run's spend) does not pause a sample half-way.
 */
const SAMPLE_RUN_SETTINGS = { kind: "sample", useCache: false, errorThreshold: 1 } as const;

export interface CreatedComparison {
  id: string;
  runs: string[];
}

/** Re-labels a variant's error with where it is: `variants.2.prompt.template`. */
async function checkVariant<T>(index: number, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    const where = `variants.${index}`;
    if (error instanceof AppError && typeof error.details.field === "string") {
      throw new AppError(error.code, `Variant ${index + 1}: ${error.message}`, { ...error.details, field: `${where}.${error.details.field}` });
    }
    if (error instanceof z.ZodError) {
      throw new z.ZodError(error.issues.map((issue) => ({ ...issue, path: ["variants", index, ...issue.path] })));
    }
    throw error;
  }
}

export async function createComparison(body: unknown, createdById: string | null): Promise<CreatedComparison> {
  const input: ComparisonRequest = createComparisonSchema.parse(body);
  const dataset = await db.dataset.findUnique({ where: { id: input.datasetId }, select: { id: true, rowCount: true } });
  if (!dataset) throw notFound("Dataset", input.datasetId);
  const seed = input.firstRows ? null : (input.seed ?? COMPARISON_DEFAULTS.seed);
  const sampleRows = drawSampleSet(dataset.rowCount, { size: input.sampleSize, firstRows: input.firstRows, seed: seed ?? 0 });

  const sampleBodies = input.variants.map((variant) => runBodyFor(dataset.id, variant, { ...SAMPLE_RUN_SETTINGS, sampleSize: sampleRows.length }));
  // Every variant passes every check (template columns, model, schema) before anything is written.
  for (const [index, runBody] of sampleBodies.entries()) await checkVariant(index, () => validateRunRequest(runBody, { sampleRows }));
  const fullRunItems: number[] = [];
  for (const [index, variant] of input.variants.entries()) {
    const preview = await checkVariant(index, () => previewRun(runBodyFor(dataset.id, variant, { kind: "full" })));
    fullRunItems.push(preview.toSend);
  }

  const runs: { id: string; executor: string; priority: number; status: string }[] = [];
  let comparisonId: string | null = null;
  try {
    for (const runBody of sampleBodies) runs.push(await insertRun(runBody, null, createdById, { sampleRows }));
    const comparison = await db.comparison.create({
      data: {
        datasetId: dataset.id,
        sampleRows: JSON.stringify(sampleRows),
        sampleSeed: seed,
        referenceIndex: input.reference,
        gateMetric: input.gate.metric,
        gateMin: input.gate.min,
        createdById,
        variants: {
          create: input.variants.map((variant, position) => ({
            position,
            runId: runs[position]?.id ?? "",
            labels: variant.labels ? JSON.stringify(variant.labels) : null,
            fullRunItems: fullRunItems[position] ?? 0,
          })),
        },
      },
    });
    comparisonId = comparison.id;
    for (const run of runs) await dispatchRun(run);
    return { id: comparison.id, runs: runs.map((run) => run.id) };
  } catch (error) {
    // Runs already handed over are cancelled by their deletion: the executor finds nothing to do.
    if (comparisonId) await db.comparison.deleteMany({ where: { id: comparisonId } });
    await db.run.deleteMany({ where: { id: { in: runs.map((run) => run.id) } } });
    if (error instanceof AppError) throw error;
    console.error("[comparisons] could not start a comparison", error);
    throw new AppError("unavailable", "The comparison could not be started. Nothing was saved.");
  }
}
