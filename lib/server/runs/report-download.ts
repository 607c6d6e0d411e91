// The final report as a file: JSON as the API serves it, or Markdown for people.
import "server-only";
import { db } from "@/lib/server/db";
import { callsSimulator } from "@/lib/server/providers/resolve";
import { AppError } from "@/lib/server/errors";
import { REPORT_FORMATS, type ReportFormat } from "@/lib/shared/api-types";
import { getReport } from "@/lib/server/runs/queries";
import { reportMarkdown } from "@/lib/server/runs/report-markdown";

/** A download when `format` is given or `download` is set (JSON by default); null: the plain API response. */
export function parseReportQuery(url: URL): { format: ReportFormat } | null {
  const format = url.searchParams.get("format") || null;
  const download = url.searchParams.get("download") || null;
  if (format !== null && !(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new AppError("validation_failed", `format must be one of ${REPORT_FORMATS.join(", ")}.`, { field: "format" });
  }
  if (download !== null && !["1", "true", "0", "false"].includes(download)) {
    throw new AppError("validation_failed", 'download must be "1" or "0".', { field: "download" });
  }
  const wantsFile = format !== null || download === "1" || download === "true";
  return wantsFile ? { format: (format ?? "json") as ReportFormat } : null;
}

export async function getReportDownload(runId: string, format: ReportFormat): Promise<{ body: string; contentType: string }> {
  const report = await getReport(runId);
  if (format === "json") return { body: `${JSON.stringify(report, null, 2)}\n`, contentType: "application/json; charset=utf-8" };
  const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { kind: true, model: true, providerId: true, dataset: { select: { name: true } } } });
  const body = reportMarkdown(report, { datasetName: run.dataset.name, kind: run.kind, model: run.model, simulated: callsSimulator(run.providerId) });
  return { body, contentType: "text/markdown; charset=utf-8" };
}
