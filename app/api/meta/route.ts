// GET /api/meta – what the UI needs to know about this deployment: models, defaults, simulator.
import { NextResponse } from "next/server";
import { inngestConfigured, usingSimulator } from "@/lib/env";
import { apiRoute } from "@/lib/http";
import { listModels } from "@/lib/llm/pricing";
import { RUN_DEFAULTS } from "@/lib/runs/settings";

export const GET = apiRoute(async () =>
  NextResponse.json({
    simulated: usingSimulator,
    executor: inngestConfigured ? "inngest" : "local",
    models: listModels(),
    defaults: RUN_DEFAULTS,
  }),
);
