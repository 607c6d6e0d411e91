// GET /api/runs/:id/report – the final report (409 while the run is still going);
// `?download=1` or `?format=json|md` serves it as a file named after the dataset and run.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http";
import { attachment, runDownloadName } from "@/lib/server/runs/download-name";
import { getReportDownload, parseReportQuery } from "@/lib/server/runs/report-download";
import { getReport } from "@/lib/server/runs/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ role: "reviewer" }, async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const download = parseReportQuery(new URL(request.url));
  if (!download) return NextResponse.json(await getReport(id));
  const { body, contentType } = await getReportDownload(id, download.format);
  const fileName = await runDownloadName(id, download.format, "report");
  return new Response(body, { headers: { "content-type": contentType, "content-disposition": attachment(fileName), "cache-control": "no-store" } });
});
