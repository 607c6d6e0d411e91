// The Inngest client. The SDK reads its own settings (INNGEST_DEV, INNGEST_BASE_URL,
// INNGEST_EVENT_KEY, INNGEST_SIGNING_KEY, INNGEST_SERVE_ORIGIN) from the environment.
import { Inngest } from "inngest";

export const inngest = new Inngest({ id: "batchwise" });
