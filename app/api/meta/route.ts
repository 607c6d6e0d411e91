// GET /api/meta – what the UI needs to know about this deployment: models, defaults, simulator.
import { NextResponse } from "next/server";
import type { MetaResponse } from "@/lib/shared/api-types";
import { inngestConfigured, usingSimulator } from "@/lib/server/env";
import { apiRoute } from "@/lib/server/http";
import { listModels } from "@/lib/server/llm/pricing";
import { RUN_DEFAULTS } from "@/lib/shared/run-settings";

export const GET = apiRoute({ role: "reviewer" }, async () => {
  const meta: MetaResponse = {
    simulated: usingSimulator,
    executor: inngestConfigured ? "inngest" : "local",
    models: listModels().map((m) => ({ id: m.id, inputUsdPerMTok: m.input, outputUsdPerMTok: m.output })),
    defaults: RUN_DEFAULTS,
  };
  return NextResponse.json(meta);
});
