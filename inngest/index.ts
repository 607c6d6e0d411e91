// Every Inngest function Batchwise serves at /api/inngest.
import { executeReviewJobFunction } from "@/inngest/functions/execute-review-job";
import { executeRunFunction } from "@/inngest/functions/execute-run";

export const functions = [executeRunFunction, executeReviewJobFunction];
