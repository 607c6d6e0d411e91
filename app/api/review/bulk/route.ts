// POST /api/review/bulk – retry or discard every item of one run waiting for review.
import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/http";
import { actOnRunReview } from "@/lib/review/bulk-review";

export const POST = apiRoute(async (request: Request) => NextResponse.json(await actOnRunReview(await readJson(request))));
