// POST /api/runs/preview: what the pre-filter would do to a run, and what the rest would cost,
// before anything is written or sent. Same validation and same classification as insertRun.
import "server-only";
import { db } from "@/lib/server/db";
import { costNanos, estimateTokens, nanosToUsd, payableShare } from "@/lib/server/llm/pricing";
import type { RunPreview } from "@/lib/shared/api-types";
import { validateRunRequest } from "@/lib/server/runs/create-run";
import { planItems } from "@/lib/server/runs/plan-items";
import type { PrefilterRule } from "@/lib/shared/skip-reasons";
import type { OutputTokensEstimate } from "@/lib/server/runs/output-estimate";
import { projectFromSample } from "@/lib/server/runs/projection";

/** Output tokens assumed per item when no earlier run of this prompt has answered anything yet. */
export const ASSUMED_OUTPUT_TOKENS = 50;
/** Example rows shown per rule. */
export const PREVIEW_EXAMPLES = 3;
/** Example inputs are cut to this many characters: the preview is a glance, not an export. */
const EXAMPLE_CHARS = 280;
/** Rules in the order the preview lists them. */
const RULE_ORDER: PrefilterRule[] = ["duplicate", "too_short", "cached"];

export async function previewRun(body: unknown): Promise<RunPreview> {
  const request = await validateRunRequest(body);
  const { input, plan } = request;
  const outputTokens = expectedOutputTokens(request.outputTokens, input.maxTokens ?? null);
  const systemTokens = estimateTokens(input.prompt.system ?? "");
  // Each row is priced alone, as it will be billed (at the Batch API price in batch mode): a skipped row saves what sending it would cost.
  const batch = input.mode === "batch";
  const priceOf = (text: string) =>
    costNanos({ promptTokens: systemTokens + estimateTokens(text), completionTokens: outputTokens.perItem }, request.price, { batch });

  const rules = new Map(RULE_ORDER.map((rule) => [rule, { rule, count: 0, savedNanos: 0, examples: [] as RunPreview["rules"][number]["examples"] }]));
  let toSend = 0;
  let sendNanos = 0;
  for await (const chunk of planItems(db, plan)) {
    for (const item of chunk) {
      const { verdict } = item;
      if (verdict.send) {
        toSend++;
        sendNanos += priceOf(item.input);
        continue;
      }
      const tally = rules.get(verdict.rule);
      if (!tally) continue;
      tally.count++;
      tally.savedNanos += priceOf(item.input);
      if (tally.examples.length < PREVIEW_EXAMPLES) {
        tally.examples.push({
          rowIndex: item.rowIndex,
          input: item.input.length > EXAMPLE_CHARS ? `${item.input.slice(0, EXAMPLE_CHARS)}…` : item.input,
          ...(verdict.rule === "duplicate" ? { duplicateOf: verdict.originalRowIndex } : {}),
        });
      }
    }
  }

  const batches = Math.ceil(toSend / input.batchSize);
  // A full run after its sample: the range and time the sample measured, for the rows this run sends.
  const measured =
    input.kind === "full"
      ? await projectFromSample(
          {
            datasetId: request.dataset.id,
            model: input.model,
            promptTemplate: input.prompt.template,
            systemPrompt: input.prompt.system ?? null,
            outputSchema: request.outputSchemaText,
            labels: request.labelsText,
            maxTokens: input.maxTokens ?? null,
          },
          { toSend, batchSize: input.batchSize, concurrency: input.concurrency, delayMs: input.delayMs },
        )
      : null;
  // The sample was billed synchronously; through the Batch API the same answers cost the discounted share.
  const share = batch && request.price ? payableShare(request.price, { batch }) : 1;
  const projection = measured && share !== 1 ? { ...measured, usdLow: measured.usdLow * share, usdHigh: measured.usdHigh * share } : measured;
  return {
    total: request.totalItems,
    toSend,
    batches,
    rules: [...rules.values()].map(({ savedNanos, ...tally }) => ({ ...tally, savedUsd: nanosToUsd(savedNanos) })),
    estimatedCostUsd: nanosToUsd(sendNanos),
    outputTokens,
    settings: { minInputChars: input.minInputChars, useCache: input.useCache },
    projection,
    reservedOutputTokens: { perItem: request.outputTokens.reservePerItem, basis: request.outputTokens.basis },
  };
}

/**
 * Output tokens per item: the average of real answers (not cached copies) to this exact request on
 * this dataset in earlier runs, typically its sample; otherwise a flat assumption (at most max_tokens).
 */
function expectedOutputTokens(estimate: OutputTokensEstimate, maxTokens: number | null): RunPreview["outputTokens"] {
  if (estimate.basis === "sample") return { perItem: estimate.averagePerItem, basis: "earlier_runs", answers: estimate.answers };
  return { perItem: Math.min(ASSUMED_OUTPUT_TOKENS, maxTokens ?? ASSUMED_OUTPUT_TOKENS), basis: "assumed", answers: 0 };
}
