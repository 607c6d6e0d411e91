// POST /api/comparisons/:id/launch: the full run of one variant, with the settings its sample ran with.
// With no row of the comparison judged, the caller must confirm (409 confirmation_required otherwise).
import "server-only";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { createRun } from "@/lib/server/runs/create-run";
import { launchComparisonSchema } from "@/lib/shared/comparison-settings";
import { RUN_DEFAULTS } from "@/lib/shared/run-settings";
import type { LaunchResult } from "@/lib/shared/comparison-types";
import { parseLabels } from "./comparison-view";
import { runBodyFor } from "./variant-run";

export async function launchComparison(id: string, body: unknown, idempotencyKey: string | null, createdById: string | null): Promise<LaunchResult & { replayed: boolean }> {
  const input = launchComparisonSchema.parse(body);
  const comparison = await db.comparison.findUnique({ where: { id }, include: { variants: { orderBy: { position: "asc" }, include: { run: true } } } });
  if (!comparison) throw notFound("Comparison", id);
  const variant = comparison.variants[input.variant];
  if (!variant) {
    throw new AppError("validation_failed", `variant must name one of the ${comparison.variants.length} variants (0–${comparison.variants.length - 1}).`, { field: "variant" });
  }
  const judged = await db.itemVerdict.count({ where: { runId: { in: comparison.variants.map((v) => v.runId) } } });
  if (judged === 0 && input.confirmUnjudged !== true) {
    throw new AppError("conflict", "No row of this comparison has been judged. Launch anyway with confirmUnjudged: true.", {
      field: "confirmUnjudged",
      reason: "confirmation_required",
    });
  }
  const { run } = variant;
  const labels = parseLabels(variant.labels);
  const runBody = runBodyFor(
    comparison.datasetId,
    {
      model: run.model,
      prompt: { template: run.promptTemplate, system: run.systemPrompt },
      outputSchema: run.outputSchema ? (JSON.parse(run.outputSchema) as Record<string, unknown>) : null,
      labels,
    },
    {
      kind: "full",
      batchSize: run.batchSize,
      concurrency: run.concurrency,
      delayMs: run.delayMs,
      maxRetries: run.maxRetries,
      // The sample ran without the breaker (failures were measured); the full run gets the usual one.
      errorThreshold: RUN_DEFAULTS.errorThreshold,
      priority: run.priority,
      minInputChars: run.minInputChars,
      // The full run reuses answers where it can: the sample's own rows are not paid for twice.
      useCache: true,
      sourceRunId: run.id,
      ...(input.budgetUsd ? { budgetUsd: input.budgetUsd } : {}),
    },
  );
  const created = await createRun(runBody, idempotencyKey, createdById);
  return { id: created.id, status: created.status as LaunchResult["status"], variant: input.variant, replayed: created.replayed };
}
