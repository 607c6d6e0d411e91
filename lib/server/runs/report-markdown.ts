// The final report as a Markdown document, for GET /api/runs/:id/report?format=md: what an operator
// pastes into a ticket or keeps beside the exported results.
import "server-only";
import type { RunReport } from "@/lib/shared/api-types";
import { formatDuration, formatLatency, formatNumber, formatUsd, humanize } from "@/lib/shared/format";

export interface ReportContext {
  datasetName: string;
  kind: string;
  model: string;
  simulated: boolean;
}

/** Markdown table cells: a pipe or a line break would end the cell. */
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

export function reportMarkdown(report: RunReport, context: ReportContext): string {
  const rows: [string, string][] = [
    ["Status", humanize(report.status)],
    ["Model", context.model],
    ["Total items", formatNumber(report.totalItems)],
    ["Completed", formatNumber(report.completed)],
    ["Failed", formatNumber(report.failed)],
    ["Needs review", formatNumber(report.needsReview)],
    ["Skipped", formatNumber(report.skipped)],
    ["Retries", formatNumber(report.retryCount)],
    [context.simulated ? "Cost (simulated)" : "Cost", formatUsd(report.costUsd)],
    ["Tokens in", formatNumber(report.tokensIn)],
    ["Tokens out", formatNumber(report.tokensOut)],
    ["Average latency", formatLatency(report.avgLatencyMs)],
    ["p95 latency", formatLatency(report.p95LatencyMs)],
    ["Wall time", formatDuration(report.wallTimeSeconds)],
  ];
  const errorKinds = Object.entries(report.errorKinds).sort(([, a], [, b]) => b - a);
  return [
    `# Run report: ${cell(context.datasetName)} (${context.kind} run)`,
    "",
    `Run \`${report.runId}\`.`,
    "",
    "| | |",
    "| --- | ---: |",
    ...rows.map(([label, value]) => `| ${label} | ${cell(value)} |`),
    "",
    "## Failed attempts by error kind",
    "",
    ...(errorKinds.length === 0
      ? ["None."]
      : ["| error kind | attempts |", "| --- | ---: |", ...errorKinds.map(([kind, count]) => `| ${cell(kind)} | ${formatNumber(count)} |`)]),
    "",
  ].join("\n");
}
