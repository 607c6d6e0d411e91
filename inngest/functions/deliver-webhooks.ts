// Webhook retries on Inngest: every minute, the deliveries that are due (a first try is made right
// after its batch, in process-stream). Each look is one step; WebhookDelivery rows hold the state.
import { inngest } from "@/inngest/client";
import { deliverDueWebhooks } from "@/lib/server/streams/webhooks";

export const deliverWebhooksFunction = inngest.createFunction(
  { id: "deliver-webhooks", triggers: [{ cron: "* * * * *" }], concurrency: [{ limit: 1 }], retries: 3 },
  async ({ step }) => ({ sent: await step.run("deliver-due", () => deliverDueWebhooks()) }),
);
