// GET /api/runs/:id/export: a run's results as CSV or JSON, streamed page by page.
import "server-only";
import Papa from "papaparse";
import { FORMULA_CELL } from "@/lib/server/csv-safe-cell";
import { db } from "@/lib/server/db";
import { notFound } from "@/lib/server/errors";
import { toItemRow, WITH_REVIEWER } from "@/lib/server/runs/views";

const EXPORT_PAGE = 1_000;
const CSV_FIELDS = [
  "rowIndex", "status", "input", "output", "errorKind", "errorMessage", "skipReason",
  "attempts", "tokensIn", "tokensOut", "costUsd", "latencyMs", "batchNumber",
  "reviewAction", "reviewedBy", "reviewedAt",
] as const;

export async function exportRun(runId: string, format: "csv" | "json"): Promise<ReadableStream<Uint8Array>> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { id: true } });
  if (!run) throw notFound("Run", runId);
  const encoder = new TextEncoder();
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const items = await db.runItem.findMany({ where: { runId }, include: WITH_REVIEWER, orderBy: { rowIndex: "asc" }, skip: offset, take: EXPORT_PAGE });
      const rows = items.map(toItemRow);
      const first = offset === 0;
      offset += items.length;
      const last = items.length < EXPORT_PAGE;
      if (format === "csv") {
        // Inputs and model outputs are anyone's text: a formula among them must not run when opened.
        const body = Papa.unparse(
          { fields: [...CSV_FIELDS], data: rows.map((r) => CSV_FIELDS.map((f) => r[f])) },
          { header: first, newline: "\r\n", escapeFormulae: FORMULA_CELL },
        );
        if (body) controller.enqueue(encoder.encode(`${body}\r\n`));
      } else {
        const json = rows.map((r) => JSON.stringify(r)).join(",\n");
        controller.enqueue(encoder.encode(`${first ? "[\n" : json && ",\n"}${json}${last ? "\n]\n" : ""}`));
      }
      if (last) controller.close();
    },
  });
}
