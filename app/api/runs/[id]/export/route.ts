// GET /api/runs/:id/export?format=csv|json – download a run's results.
import { AppError } from "@/lib/server/errors";
import { apiRoute } from "@/lib/server/http";
import { exportRun } from "@/lib/server/runs/export";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ role: "reviewer" }, async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const format = new URL(request.url).searchParams.get("format") ?? "csv";
  if (format !== "csv" && format !== "json") {
    throw new AppError("validation_failed", 'format must be "csv" or "json".', { field: "format" });
  }
  const body = await exportRun(id, format);
  return new Response(body, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="run-${id}.${format}"`,
    },
  });
});
