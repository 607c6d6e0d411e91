// The Inngest client. The SDK reads its own settings (INNGEST_DEV, INNGEST_BASE_URL,
// INNGEST_EVENT_KEY, INNGEST_SIGNING_KEY) from the environment; the serve origin is set by the
// route from inngest/serve-origin.ts, so no request header can choose it.
import { Inngest } from "inngest";

export const inngest = new Inngest({ id: "batchwise" });
