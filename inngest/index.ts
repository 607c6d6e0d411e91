// Every Inngest function Batchwise serves at /api/inngest.
import { executeReviewJobFunction } from "@/inngest/functions/execute-review-job";
import { executeRunFunction } from "@/inngest/functions/execute-run";
import { processStreamFunction } from "@/inngest/functions/process-stream";
import { deliverWebhooksFunction } from "@/inngest/functions/deliver-webhooks";

export const functions = [executeRunFunction, executeReviewJobFunction, processStreamFunction, deliverWebhooksFunction];
