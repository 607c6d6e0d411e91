// POST /api/datasets – upload a CSV as a new dataset; GET /api/datasets – list datasets, newest first.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http";
import { createDataset } from "@/lib/server/datasets/create-dataset";
import { datasetLimits } from "@/lib/server/datasets/limits";
import { listDatasets } from "@/lib/server/datasets/queries";
import { readUpload } from "@/lib/server/datasets/upload-request";

export const dynamic = "force-dynamic";

export const POST = apiRoute({ role: "operator" }, async (request: Request, _context, caller) => {
  const upload = await readUpload(request, datasetLimits.maxBytes);
  return NextResponse.json(await createDataset({ ...upload, createdById: caller.userId }), { status: 201 });
});

export const GET = apiRoute({ role: "reviewer" }, async () => NextResponse.json({ items: await listDatasets() }));
