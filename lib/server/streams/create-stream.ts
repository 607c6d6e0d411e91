// Creating a stream: validate, then write its dataset (columns = the declared fields), its standing
// run (kind "stream", running from the start, no items yet) and the stream in one transaction.
import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { inngestConfigured } from "@/lib/server/env";
import { hasPrice, usdToNanos } from "@/lib/server/llm/pricing";
import { resolvePrice } from "@/lib/server/providers/prices";
import { resolveProvider } from "@/lib/server/providers/resolve";
import { storedPrice } from "@/lib/server/runs/run-price";
import { validateOutputSchema } from "@/lib/server/llm/client";
import { assertTemplateFits } from "@/lib/server/prompts/template";
import { createStreamSchema } from "@/lib/shared/stream-settings";
import type { CreatedStream } from "@/lib/shared/api-types";

export const STREAM_RUN_KIND = "stream";

/** 32 random bytes, hex: the HMAC-SHA256 key of the stream's webhook signatures. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString("hex")}`;

export async function createStream(body: unknown, createdById: string | null = null): Promise<CreatedStream> {
  const input = createStreamSchema.parse(body);
  assertTemplateFits(input.prompt.template, input.fields);
  // The server's default provider (the simulator without a key), priced as a run on it would be.
  const provider = await resolveProvider(undefined);
  if (provider.kind === "simulator" && !hasPrice(input.model)) {
    throw new AppError("validation_failed", `model: the simulator does not serve "${input.model}".`, { field: "model" });
  }
  const price = (await resolvePrice(provider.id, input.model))?.price ?? null;
  if (input.outputSchema) {
    const problem = validateOutputSchema(input.outputSchema);
    if (problem) throw new AppError("validation_failed", `The output schema is not valid JSON Schema: ${problem}`, { field: "outputSchema" });
  }
  const webhookSecret = input.webhookUrl ? newWebhookSecret() : null;

  const stream = await db.$transaction(async (tx) => {
    const dataset = await tx.dataset.create({
      data: { name: `Stream: ${input.name}`, columns: JSON.stringify(input.fields), rowCount: 0, createdById },
    });
    const run = await tx.run.create({
      data: {
        createdById,
        datasetId: dataset.id,
        kind: STREAM_RUN_KIND,
        // A stream stands: running until paused or archived, with items appended as they arrive.
        status: "running",
        startedAt: new Date(),
        priority: input.priority,
        executor: inngestConfigured ? "inngest" : "local",
        model: input.model,
        providerId: provider.id,
        ...storedPrice(price),
        promptTemplate: input.prompt.template,
        systemPrompt: input.prompt.system ?? null,
        outputSchema: input.outputSchema ? JSON.stringify(input.outputSchema) : null,
        batchSize: input.maxBatchSize,
        concurrency: input.concurrency,
        delayMs: 0,
        maxRetries: input.maxRetries,
        errorThreshold: input.errorThreshold,
        // The stream's cap is per day (Stream.dailyBudgetNanos); a run budget would stop it for good.
        budgetNanos: null,
        // Streams never dedupe or reuse answers: every arrival is its own request.
        useCache: false,
        minInputChars: 0,
        totalItems: 0,
        totalBatches: 0,
      },
    });
    return tx.stream.create({
      data: {
        name: input.name,
        fields: JSON.stringify(input.fields),
        runId: run.id,
        maxBatchSize: input.maxBatchSize,
        maxWaitMs: input.maxWaitMs,
        dailyBudgetNanos: input.dailyBudgetUsd ? BigInt(usdToNanos(input.dailyBudgetUsd)) : null,
        webhookUrl: input.webhookUrl ?? null,
        webhookSecret,
        createdById,
      },
    });
  });
  return { id: stream.id, runId: stream.runId, status: "running", webhookSecret };
}
