// POST /api/runs/preview: what the pre-filter would do to a run, and what the rest would cost,
// before anything is written or sent. Same validation and same classification as insertRun.
import "server-only";
import { db } from "@/lib/server/db";
import { costNanos, estimateTokens } from "@/lib/server/llm/pricing";
import { nanosToUsd } from "@/lib/server/llm/pricing";
import type { RunPreview } from "@/lib/shared/api-types";
import { validateRunRequest, type ValidRunRequest } from "@/lib/server/runs/create-run";
import { planItems } from "@/lib/server/runs/plan-items";
import type { PrefilterRule } from "@/lib/shared/skip-reasons";

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
  const outputTokens = await expectedOutputTokens(request);
  const systemTokens = estimateTokens(input.prompt.system ?? "");
  // Each row is priced alone, as it will be billed: a skipped row saves what sending it would cost.
  const priceOf = (text: string) =>
    costNanos({ promptTokens: systemTokens + estimateTokens(text), completionTokens: outputTokens.perItem }, request.price);

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

  return {
    total: request.totalItems,
    toSend,
    batches: Math.ceil(toSend / input.batchSize),
    rules: [...rules.values()].map(({ savedNanos, ...tally }) => ({ ...tally, savedUsd: nanosToUsd(savedNanos) })),
    estimatedCostUsd: nanosToUsd(sendNanos),
    outputTokens,
    settings: { minInputChars: input.minInputChars, useCache: input.useCache },
  };
}

/**
 * Output tokens per item: the average of real answers (not cached copies) to this exact prompt on
 * this dataset in earlier runs, typically its sample; otherwise a flat assumption.
 */
async function expectedOutputTokens({ input, dataset, outputSchemaText }: ValidRunRequest): Promise<RunPreview["outputTokens"]> {
  const answered = await db.runItem.aggregate({
    where: {
      status: "completed",
      attempts: { gt: 0 },
      run: {
        datasetId: dataset.id,
        model: input.model,
        promptTemplate: input.prompt.template,
        systemPrompt: input.prompt.system ?? null,
        outputSchema: outputSchemaText,
      },
    },
    _avg: { tokensOut: true },
    _count: { _all: true },
  });
  const average = answered._avg.tokensOut;
  if (answered._count._all === 0 || average === null) return { perItem: ASSUMED_OUTPUT_TOKENS, basis: "assumed", answers: 0 };
  return { perItem: Math.max(1, Math.round(average)), basis: "earlier_runs", answers: answered._count._all };
}
