// GET /api/runs/:id/export?format=csv|json|jsonl[&only=failed] – download a run's results.
import { apiRoute } from "@/lib/server/http";
import { attachment, runDownloadName } from "@/lib/server/runs/download-name";
import { exportRun, parseExportQuery } from "@/lib/server/runs/export";

export const dynamic = "force-dynamic";

const CONTENT_TYPES = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  jsonl: "application/x-ndjson; charset=utf-8",
} as const;

export const GET = apiRoute({ role: "reviewer" }, async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const options = parseExportQuery(new URL(request.url));
  const body = await exportRun(id, options);
  const fileName = await runDownloadName(id, options.format, options.onlyFailed ? "failed-and-review" : undefined);
  return new Response(body, {
    headers: { "content-type": CONTENT_TYPES[options.format], "content-disposition": attachment(fileName), "cache-control": "no-store" },
  });
});
