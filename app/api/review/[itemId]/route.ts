// POST /api/review/:itemId – retry, resolve (with an output) or discard an item in review.
import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/server/http";
import { actOnReviewItem } from "@/lib/server/review/queue";

export const POST = apiRoute({ role: "reviewer" }, async (request: Request, { params }: { params: Promise<{ itemId: string }> }, caller) => {
  const { itemId } = await params;
  return NextResponse.json(await actOnReviewItem(itemId, await readJson(request), caller.userId));
});
