// Where Inngest is told to call this app when it syncs (PUT /api/inngest). Left to the SDK, the URL
// comes from the request's Host and X-Forwarded-Proto, so an unsigned PUT from anyone could register
// the app at the sender's URL and have Inngest deliver run data there. It comes from settings only.
import { appUrl, env } from "@/lib/server/env";

/** The path the serve handler lives at (app/api/inngest/route.ts). */
export const INNGEST_SERVE_PATH = "/api/inngest";

export type ServeOrigin = { origin: string } | { origin: null; problem: string };

/** `mode` is the Inngest client's: "dev" with INNGEST_DEV, otherwise "cloud" (keys required). */
export function inngestServeOrigin(mode: "dev" | "cloud"): ServeOrigin {
  if (env.INNGEST_SERVE_ORIGIN) return { origin: env.INNGEST_SERVE_ORIGIN };
  // A Dev Server runs beside the app, so it reaches the app where the app reaches itself.
  if (mode === "dev") return { origin: appUrl };
  // Inngest Cloud cannot reach a loopback address, and guessing from headers is the hole this closes:
  // refuse, and say what to set. A signed in-band sync still works, as Inngest names the URL itself.
  return {
    origin: null,
    problem:
      "INNGEST_SERVE_ORIGIN is not set, so this app does not know the public URL Inngest should call. " +
      "Set it (e.g. https://batchwise.example.com) and sync again.",
  };
}
