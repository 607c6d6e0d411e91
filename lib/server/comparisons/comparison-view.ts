// GET /api/comparisons/:id and the list: each variant measured from its sample run's items, its
// agreement with the reference, its approval, a projected full run, and the gate's suggestion.
import "server-only";
import { db } from "@/lib/server/db";
import { notFound } from "@/lib/server/errors";
import { nanosToUsd } from "@/lib/server/llm/pricing";
import { isEnded } from "@/lib/server/runs/status";
import type { RunStatus } from "@/lib/shared/api-types";
import type { GateMetric } from "@/lib/shared/comparison-settings";
import type { ComparisonDetail, ComparisonListItem, ComparisonStatus, ComparisonVariantResult, OutputKind } from "@/lib/shared/comparison-types";
import { agreementWith } from "./agreement";
import { suggestVariant } from "./gate";
import { knownRateLimits, measurementsOfRun } from "@/lib/server/runs/projection";
import { percentile } from "@/lib/shared/percentile";
import { projectFullRun } from "@/lib/shared/projection";
import { outputKindOf } from "./variant-run";

const P50 = 0.5;
const P95 = 0.95;

const variantInclude = {
  variants: {
    orderBy: { position: "asc" },
    include: {
      run: {
        select: {
          id: true,
          status: true,
          model: true,
          promptTemplate: true,
          systemPrompt: true,
          outputSchema: true,
          totalItems: true,
          completedCount: true,
          failedCount: true,
          needsReviewCount: true,
          costNanos: true,
          concurrency: true,
          batchSize: true,
          delayMs: true,
        },
      },
    },
  },
  dataset: { select: { name: true } },
} as const;

type LoadedComparison = NonNullable<Awaited<ReturnType<typeof loadComparison>>>;
type LoadedVariant = LoadedComparison["variants"][number];

function loadComparison(id: string) {
  return db.comparison.findUnique({ where: { id }, include: variantInclude });
}

export function parseLabels(text: string | null): string[] | null {
  if (!text) return null;
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((label): label is string => typeof label === "string") : null;
}

export function variantShape(variant: Pick<LoadedVariant, "labels"> & { run: { outputSchema: string | null } }): {
  kind: OutputKind;
  labels: string[] | null;
  outputSchema: Record<string, unknown> | null;
} {
  const labels = parseLabels(variant.labels);
  const outputSchema = variant.run.outputSchema ? (JSON.parse(variant.run.outputSchema) as Record<string, unknown>) : null;
  return { kind: outputKindOf({ labels, outputSchema }), labels, outputSchema };
}

/** Running while any variant's run may still change; failed when one ended without finishing; else completed. */
export function comparisonStatus(statuses: readonly string[]): ComparisonStatus {
  if (statuses.some((status) => !isEnded(status))) return "running";
  return statuses.every((status) => status === "completed") ? "completed" : "failed";
}

/** An item that carries an answer: answered by the model, or a duplicate given its original's answer. */
export const ANSWERED_ITEM = { output: { not: null }, status: { in: ["completed", "skipped"] } } as const;

interface VariantItems {
  answers: Map<number, string>;
  latenciesMs: number[];
  approved: number;
  judged: number;
  sent: number;
}

async function variantItems(runId: string): Promise<VariantItems> {
  const items = await db.runItem.findMany({
    where: { runId },
    select: { rowIndex: true, status: true, output: true, attempts: true, latencyMs: true, verdict: { select: { verdict: true } } },
  });
  const result: VariantItems = { answers: new Map(), latenciesMs: [], approved: 0, judged: 0, sent: 0 };
  for (const item of items) {
    if (item.output !== null && (item.status === "completed" || item.status === "skipped")) result.answers.set(item.rowIndex, item.output);
    if (item.attempts > 0) result.sent += 1;
    // The time of an answer the model gave (copies and cache hits took none).
    if (item.status === "completed" && item.attempts > 0 && item.latencyMs !== null) result.latenciesMs.push(item.latencyMs);
    if (item.verdict) {
      result.judged += 1;
      if (item.verdict.verdict === "approve") result.approved += 1;
    }
  }
  return result;
}

export async function getComparison(id: string): Promise<ComparisonDetail> {
  const comparison = await loadComparison(id);
  if (!comparison) throw notFound("Comparison", id);
  const items = await Promise.all(comparison.variants.map((variant) => variantItems(variant.runId)));
  const samples = await Promise.all(comparison.variants.map((variant) => measurementsOfRun(variant.run)));
  const limits = knownRateLimits();
  const shapes = comparison.variants.map(variantShape);
  const referenceShape = shapes[comparison.referenceIndex];
  const referenceItems = items[comparison.referenceIndex];

  const variants: ComparisonVariantResult[] = comparison.variants.map((variant, index) => {
    const { run } = variant;
    const measured = items[index] as VariantItems;
    const latencies = [...measured.latenciesMs].sort((a, b) => a - b);
    // The same projection a full run's preview shows, for the rows this variant's full run would send.
    const sample = samples[index];
    const fullRun = { toSend: variant.fullRunItems, batchSize: run.batchSize, concurrency: run.concurrency, delayMs: run.delayMs, ...limits };
    const projected = sample ? projectFullRun(sample, fullRun) : null;
    const shape = shapes[index] as ReturnType<typeof variantShape>;
    const tally =
      referenceShape && referenceItems
        ? agreementWith({ kind: referenceShape.kind, answers: referenceItems.answers }, { kind: shape.kind, answers: measured.answers })
        : { agreement: null, rows: 0 };
    const costUsd = nanosToUsd(Number(run.costNanos));
    return {
      index,
      runId: run.id,
      runStatus: run.status as RunStatus,
      model: run.model,
      prompt: { template: run.promptTemplate, system: run.systemPrompt },
      outputKind: shape.kind,
      labels: shape.labels,
      outputSchema: shape.outputSchema,
      total: run.totalItems,
      completed: run.completedCount,
      failed: run.failedCount + run.needsReviewCount,
      costUsd,
      costPerItemUsd: measured.sent === 0 ? null : costUsd / measured.sent,
      latencyP50Ms: latencies.length === 0 ? null : percentile(latencies, P50),
      latencyP95Ms: latencies.length === 0 ? null : percentile(latencies, P95),
      agreement: tally.agreement,
      agreementRows: tally.rows,
      approvalRate: measured.judged === 0 ? null : measured.approved / measured.judged,
      judged: measured.judged,
      projectedFullRun: projected ? { usdLow: projected.usdLow, usdHigh: projected.usdHigh, seconds: projected.seconds, items: variant.fullRunItems } : null,
    };
  });

  const status = comparisonStatus(comparison.variants.map((variant) => variant.run.status));
  const gate = { metric: comparison.gateMetric as GateMetric, min: comparison.gateMin };
  // A suggestion is made from finished measurements only: a half-run sample would favour whoever started first.
  const suggestion =
    status === "running"
      ? null
      : suggestVariant(
          variants.map((variant) => ({
            index: variant.index,
            model: variant.model,
            costPerItemUsd: variant.costPerItemUsd,
            agreement: variant.agreement,
            approvalRate: variant.approvalRate,
            projectedUsd: variant.projectedFullRun ? (variant.projectedFullRun.usdLow + variant.projectedFullRun.usdHigh) / 2 : null,
          })),
          comparison.referenceIndex,
          gate,
        );

  const launches = await db.run.findMany({
    where: { kind: "full", sourceRunId: { in: variants.map((variant) => variant.runId) } },
    orderBy: { createdAt: "desc" },
    select: { id: true, status: true, createdAt: true, sourceRunId: true },
  });

  return {
    id: comparison.id,
    datasetId: comparison.datasetId,
    datasetName: comparison.dataset.name,
    status,
    sampleRows: JSON.parse(comparison.sampleRows) as number[],
    sampleSeed: comparison.sampleSeed,
    reference: comparison.referenceIndex,
    gate,
    createdAt: comparison.createdAt.toISOString(),
    judged: variants.reduce((sum, variant) => sum + variant.judged, 0),
    variants,
    suggestion,
    launches: launches.map((run) => ({
      runId: run.id,
      variant: variants.findIndex((variant) => variant.runId === run.sourceRunId),
      status: run.status as RunStatus,
      createdAt: run.createdAt.toISOString(),
    })),
  };
}

/** A dataset's comparisons (or everyone's), newest first. */
export async function listComparisons(datasetId?: string, limit = 50): Promise<ComparisonListItem[]> {
  const comparisons = await db.comparison.findMany({
    where: datasetId ? { datasetId } : {},
    orderBy: { createdAt: "desc" },
    take: limit,
    include: { variants: { orderBy: { position: "asc" }, include: { run: { select: { model: true, status: true } } } } },
  });
  return comparisons.map((comparison) => ({
    id: comparison.id,
    datasetId: comparison.datasetId,
    status: comparisonStatus(comparison.variants.map((variant) => variant.run.status)),
    createdAt: comparison.createdAt.toISOString(),
    sampleSize: (JSON.parse(comparison.sampleRows) as number[]).length,
    models: comparison.variants.map((variant) => variant.run.model),
    gate: { metric: comparison.gateMetric as GateMetric, min: comparison.gateMin },
  }));
}
