// GET /api/providers – every provider a run can call (keys shown as their last 4 characters only).
// POST /api/providers – owner: { name, baseUrl, apiKey?, rpm?, tpm?, batchApi? } → 201 the provider.
import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/server/http";
import { createProvider, listProviders } from "@/lib/server/providers/providers";

export const dynamic = "force-dynamic";

// Operators pick a provider when they launch a run, so reading the list is not the owner's alone.
export const GET = apiRoute({ role: "reviewer" }, async () => NextResponse.json({ items: await listProviders() }));

export const POST = apiRoute({ role: "owner" }, async (request: Request) =>
  NextResponse.json(await createProvider(await readJson(request)), { status: 201 }),
);
