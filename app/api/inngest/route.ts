// GET|POST|PUT /api/inngest – the Inngest serve endpoint for the run workflow.
import { headerKeys } from "inngest";
import { serve } from "inngest/next";
import type { NextRequest } from "next/server";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest";
import { INNGEST_SERVE_PATH, inngestServeOrigin } from "@/inngest/serve-origin";
import { errorResponse } from "@/lib/server/http";

/** The SDK's sync kind for a sync Inngest starts and signs, naming the URL itself. */
const IN_BAND_SYNC = "in_band";

const serveOrigin = inngestServeOrigin(inngest.mode);
const handler = serve({ client: inngest, functions, servePath: INNGEST_SERVE_PATH, serveOrigin: serveOrigin.origin ?? undefined });

export const { GET, POST } = handler;

/** A sync: out-of-band (unsigned, the SDK registers itself) only with a configured origin; in-band is signed. */
export async function PUT(request: NextRequest, context: unknown): Promise<Response> {
  const inBand = request.headers.get(headerKeys.InngestSyncKind) === IN_BAND_SYNC;
  if (serveOrigin.origin === null && !inBand) {
    console.error(`[inngest] sync refused: ${serveOrigin.problem}`);
    return errorResponse(500, "inngest_serve_origin_missing", serveOrigin.problem);
  }
  return handler.PUT(request, context);
}
