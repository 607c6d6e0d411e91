// What a batch-mode pass needs from its run: the endpoint's client and each item's request.
import "server-only";
import type OpenAI from "openai";
import type { Run } from "@/lib/server/generated/sqlite/client";
import type { ModelCallInput } from "@/lib/server/llm/client";
import { env } from "@/lib/server/env";
import { itemCallFor, type ItemCall } from "@/lib/server/runs/process-item";
import type { FileLimits } from "./jsonl-requests";

/** The run's client and call settings: the same function a synchronous batch uses, so both reach the same endpoint. */
export function remoteCallFor(run: Run, pass: number, number: number): Promise<{ client: OpenAI; call: ItemCall }> {
  return itemCallFor(run, { pass, batchNumber: number });
}

/** The request for one item, as processItem would send it. */
export function modelInputFor(call: ItemCall, prompt: string): ModelCallInput {
  return { model: call.model, price: call.price, system: call.system ?? undefined, prompt, examples: call.examples, outputSchema: call.outputSchema };
}

export function fileLimits(): FileLimits {
  return { maxRequests: env.BATCH_API_MAX_REQUESTS, maxBytes: env.BATCH_API_MAX_BYTES };
}

/** Whether this pass of the run goes through the Batch API: the first pass, and retry passes when the run says so. */
export function usesBatchApi(run: { mode: string; batchApiRetries: boolean }, pass: number): boolean {
  return run.mode === "batch" && (pass === 0 || run.batchApiRetries);
}
