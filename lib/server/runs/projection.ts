// What a sample measured, read for the full run's projection (lib/shared/projection.ts does the maths).
import "server-only";
import { db } from "@/lib/server/db";
import { endpointRateLimiter } from "@/lib/server/llm/client";
import { env, usingSimulator } from "@/lib/server/env";
import type { SameRequest } from "@/lib/server/runs/output-estimate";
import { projectFullRun, type FullRunProjection, type RunShape, type SampleMeasurements } from "@/lib/shared/projection";

/** The newest sample run of the same request with answered items: its items, latencies and batch timings. */
export async function sampleMeasurements(request: SameRequest): Promise<(SampleMeasurements & { sampleRunId: string }) | null> {
  const sample = await db.run.findFirst({
    where: {
      kind: "sample",
      datasetId: request.datasetId,
      model: request.model,
      promptTemplate: request.promptTemplate,
      systemPrompt: request.systemPrompt,
      outputSchema: request.outputSchema,
      labels: request.labels,
      completedCount: { gt: 0 },
    },
    orderBy: { createdAt: "desc" },
    select: { id: true, batchSize: true, concurrency: true, delayMs: true },
  });
  return sample ? measurementsOfRun(sample) : null;
}

/** What one sample run measured (a comparison's variants name theirs); null when it has answered nothing. */
export async function measurementsOfRun(sample: { id: string; batchSize: number; concurrency: number; delayMs: number }): Promise<(SampleMeasurements & { sampleRunId: string }) | null> {
  const [items, attempts, batches] = await Promise.all([
    db.runItem.findMany({
      where: { runId: sample.id, status: "completed", attempts: { gt: 0 } },
      select: { costNanos: true, tokensIn: true, tokensOut: true },
    }),
    db.itemAttempt.findMany({ where: { runId: sample.id, ok: true }, select: { latencyMs: true } }),
    db.runBatch.findMany({
      where: { runId: sample.id, pass: 0, finishedAt: { not: null } },
      select: { size: true, startedAt: true, finishedAt: true },
      orderBy: { number: "asc" },
    }),
  ]);
  if (items.length === 0) return null;
  const tokens = items.reduce((sum, item) => sum + item.tokensIn + item.tokensOut, 0);
  return {
    sampleRunId: sample.id,
    itemCostNanos: items.map((item) => Number(item.costNanos)),
    latenciesMs: attempts.map((attempt) => attempt.latencyMs),
    batches: batches.flatMap((batch, index) => {
      if (!batch.startedAt || !batch.finishedAt) return [];
      const nextStart = batches[index + 1]?.startedAt;
      return [
        {
          size: batch.size,
          seconds: (batch.finishedAt.getTime() - batch.startedAt.getTime()) / 1000,
          gapSeconds: nextStart ? (nextStart.getTime() - batch.finishedAt.getTime()) / 1000 : null,
        },
      ];
    }),
    batchSize: sample.batchSize,
    delayMs: sample.delayMs,
    concurrency: sample.concurrency,
    tokensPerItem: tokens / items.length,
  };
}

/** The endpoint's limits as far as they are known: configured, learned from its headers, or the simulator's own. */
export function knownRateLimits(): Pick<RunShape, "rpm" | "tpm"> {
  const learned = endpointRateLimiter().stats();
  const configured = usingSimulator
    ? { rpm: env.SIMULATOR_RATE_LIMIT_RPM, tpm: env.SIMULATOR_RATE_LIMIT_TPM }
    : { rpm: env.OPENAI_RATE_LIMIT_RPM, tpm: env.OPENAI_RATE_LIMIT_TPM };
  return { rpm: learned.rpm || configured.rpm || null, tpm: learned.tpm || configured.tpm || null };
}

/** The full run's projection from its sample, or null when no sample of the same request has answered anything. */
export async function projectFromSample(request: SameRequest, run: Omit<RunShape, "rpm" | "tpm">): Promise<(FullRunProjection & { sampleRunId: string }) | null> {
  const measured = await sampleMeasurements(request);
  if (!measured) return null;
  const projection = projectFullRun(measured, { ...run, ...knownRateLimits() });
  return projection ? { ...projection, sampleRunId: measured.sampleRunId } : null;
}
