// File names for a run's downloads (export, report): they name the dataset and the run, so a folder
// of downloads says what each file is. The dataset's name is anyone's text: it is made safe for a
// file name, and sent twice, as UTF-8 (RFC 6266 filename*) and as an ASCII fallback.
import "server-only";
import { db } from "@/lib/server/db";
import { notFound } from "@/lib/server/errors";

/** "leads.csv" → "leads": the upload's extension would read as part of the new file's type. */
const UPLOAD_EXTENSION = /\.(csv|tsv|txt)$/i;

/** Letters and digits of any script stay; the rest (path separators, quotes, control characters, spaces) become "-". */
function slug(text: string): string {
  return text
    .normalize("NFC")
    .replace(UPLOAD_EXTENSION, "")
    .replace(/[^\p{L}\p{N}._]+/gu, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, 80);
}

/** `<dataset>-<kind>-run-<id>[-<suffix>].<extension>` for the run. */
export async function runDownloadName(runId: string, extension: string, suffix?: string): Promise<string> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { kind: true, dataset: { select: { name: true } } } });
  if (!run) throw notFound("Run", runId);
  const parts = [slug(run.dataset.name) || "dataset", run.kind, "run", runId, ...(suffix ? [suffix] : [])];
  return `${parts.join("-")}.${extension}`;
}

/** The Content-Disposition header of an attachment with this name. */
export function attachment(fileName: string): string {
  const ascii = fileName.normalize("NFKD").replace(/[^\x20-\x7e]/g, "").replace(/["\\]/g, "").replace(/-{2,}/g, "-").replace(/^-+/, "") || "download";
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
