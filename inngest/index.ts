// Every Inngest function Batchwise serves at /api/inngest.
import { executeRunFunction } from "@/inngest/functions/execute-run";

export const functions = [executeRunFunction];
