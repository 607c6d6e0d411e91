// PUT /api/providers/:id/models/:model/price – owner: { input, cachedInput?, output, batchDiscount? } in USD per 1M tokens.
import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/server/http";
import { setPrice } from "@/lib/server/providers/prices";
import { findProvider } from "@/lib/server/providers/resolve";
import { modelPriceSchema } from "@/lib/shared/provider-settings";

export const dynamic = "force-dynamic";

export const PUT = apiRoute({ role: "owner" }, async (request: Request, { params }: { params: Promise<{ id: string; model: string }> }) => {
  const { id, model } = await params;
  const price = modelPriceSchema.parse(await readJson(request));
  const provider = await findProvider(id);
  const saved = await setPrice(provider.id, decodeURIComponent(model), price);
  return NextResponse.json({ model: decodeURIComponent(model), ...saved });
});
