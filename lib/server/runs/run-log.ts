// The server log of a run, in the same words the dashboard shows.
import "server-only";
import { env } from "@/lib/server/env";

export function logRun(runId: string, message: string): void {
  if (env.BATCHWISE_LOG === "1") console.log(`[run ${runId}] ${message}`);
}
