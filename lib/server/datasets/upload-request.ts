// Reading an upload request: a multipart body with a `file` field, bounded in size before it is
// buffered, and the optional `name`, `delimiter` and `encoding` fields.
import "server-only";
import { AppError } from "@/lib/server/errors";
import { csvProblems } from "@/lib/server/datasets/csv-problems";
import { DATASET_NAME_MAX, uploadFieldsSchema, type UploadFields } from "@/lib/server/datasets/schema";

/** Room for the multipart boundaries, part headers and the small text fields. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
const DEFAULT_NAME = "Untitled dataset";

export interface Upload extends UploadFields {
  file: Blob;
  name: string;
}

const notMultipart = () =>
  new AppError("bad_request", 'Send the CSV as multipart/form-data, in a field named "file".', { field: "file" });

/** "leads.csv" → "leads"; a name that is only an extension stays as it is. */
export function nameFromFileName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, "").trim();
  const dot = base.lastIndexOf(".");
  return (dot > 0 ? base.slice(0, dot) : base).trim();
}

/**
 * Counts bytes as the body streams and fails past `maxBytes`, so a body without a
 * Content-Length (or with a false one) cannot fill memory.
 */
function boundedBody(body: ReadableStream<Uint8Array>, maxBytes: number, onExceeded: () => void): ReadableStream<Uint8Array> {
  let received = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        if (received > maxBytes) {
          onExceeded();
          controller.error(new Error("upload too large"));
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
}

export async function readUpload(request: Request, maxFileBytes: number): Promise<Upload> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data") || !request.body) throw notMultipart();
  const maxBodyBytes = maxFileBytes + MULTIPART_OVERHEAD_BYTES;
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBodyBytes) throw csvProblems.tooLarge(maxFileBytes, declared);

  let exceeded = false;
  const bounded = boundedBody(request.body, maxBodyBytes, () => {
    exceeded = true;
  });
  let form: FormData;
  try {
    form = await new Response(bounded, { headers: { "content-type": contentType } }).formData();
  } catch (error) {
    if (exceeded) throw csvProblems.tooLarge(maxFileBytes);
    // The body is the client's mistake; the cause is logged for whoever debugs a client.
    console.warn("[datasets] unreadable multipart body", error);
    throw new AppError("bad_request", "The request body is not valid multipart/form-data.", { field: "file" });
  }

  const file = form.get("file");
  if (file === null) throw new AppError("bad_request", 'The form has no "file" field: attach the CSV as "file".', { field: "file" });
  if (typeof file === "string") throw new AppError("bad_request", 'The "file" field must be a file, not text.', { field: "file" });

  const text = (key: string) => {
    const value = form.get(key);
    return typeof value === "string" ? value : undefined;
  };
  const fields = uploadFieldsSchema.parse({ name: text("name"), delimiter: text("delimiter"), encoding: text("encoding") });
  const name = fields.name ?? (nameFromFileName(file.name).slice(0, DATASET_NAME_MAX) || DEFAULT_NAME);
  return { ...fields, file, name };
}
