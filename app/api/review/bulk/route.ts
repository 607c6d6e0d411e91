// POST /api/review/bulk – retry or discard every item of one run waiting for review.
import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/server/http";
import { actOnRunReview } from "@/lib/server/review/bulk-review";

export const POST = apiRoute({ role: "reviewer" }, async (request: Request, _context, caller) =>
  NextResponse.json(await actOnRunReview(await readJson(request), caller.userId)),
);
