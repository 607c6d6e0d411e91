// The dataset route handlers called as Next calls them (a Request in, a Response out), on the
// suite's shared test database: multipart handling, status codes and the JSON error shape.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET as listHandler, POST as uploadHandler } from "@/app/api/datasets/route";
import { DELETE as deleteHandler, GET as getHandler, PATCH as patchHandler } from "@/app/api/datasets/[id]/route";
import type { DatasetDetail, DatasetSummary, DatasetUploadResult } from "@/lib/shared/api-types";
import { readUpload } from "@/lib/server/datasets/upload-request";
import { AppError } from "@/lib/server/errors";
import { asRole } from "../support/test-auth";

const listRoute = asRole(listHandler);
const uploadRoute = asRole(uploadHandler);
const deleteRoute = asRole(deleteHandler);
const getRoute = asRole(getHandler);
const patchRoute = asRole(patchHandler);

const BAD_DIR = path.resolve(process.cwd(), "../shared/data/bad");
const BASE = "http://localhost/api/datasets";

interface ErrorBody {
  error: { code: string; message: string; field?: string; line?: number };
}

function uploadRequest(fields: Record<string, string | File>): Request {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  return new Request(BASE, { method: "POST", body: form });
}

const csvFile = (name: string, content: string | Buffer) =>
  new File([typeof content === "string" ? content : new Uint8Array(content)], name, { type: "text/csv" });
const badFile = (name: string) => csvFile(name, fs.readFileSync(path.join(BAD_DIR, name)));
const context = (id: string) => ({ params: Promise.resolve({ id }) });

async function upload(fields: Record<string, string | File>) {
  const response = await uploadRoute(uploadRequest(fields));
  return { status: response.status, body: (await response.json()) as unknown };
}

describe("POST /api/datasets", () => {
  it("stores a CSV and says what it detected", async () => {
    const { status, body } = await upload({ file: badFile("semicolon.csv"), name: "  French scores " });
    expect(status).toBe(201);
    const created = body as DatasetUploadResult;
    expect(created).toMatchObject({ name: "French scores", rowCount: 2, columns: ["id", "text", "score"], delimiter: ";", encoding: "utf-8", warnings: [] });
    expect(new Date(created.createdAt).getTime()).not.toBeNaN();
  });

  it("names the dataset after the file, and reports renamed columns", async () => {
    const { status, body } = await upload({ file: badFile("duplicate-headers.csv") });
    expect(status).toBe(201);
    expect(body).toMatchObject({ name: "duplicate-headers", columns: ["id", "text", "text_2"] });
    expect((body as DatasetUploadResult).warnings).toEqual(['Column 3 repeats the name "text"; it is now "text_2".']);
  });

  it("honours a chosen delimiter and encoding", async () => {
    const { body } = await upload({ file: csvFile("x.csv", "a;b,c\n1;2,3\n"), delimiter: ",", encoding: "windows-1252" });
    expect(body).toMatchObject({ columns: ["a;b", "c"], delimiter: ",", encoding: "windows-1252" });
  });

  it("refuses a broken file with 422 naming the line", async () => {
    const { status, body } = await upload({ file: badFile("unbalanced-quote.csv") });
    expect(status).toBe(422);
    expect((body as ErrorBody).error).toMatchObject({
      code: "unprocessable",
      message: "Line 3: a quoted field starts here and never closes.",
      line: 3,
      field: "file",
    });
  });

  it("refuses a 10 MB cell naming its row, its column and its size", async () => {
    const { status, body } = await upload({ file: csvFile("big-cell.csv", `id,text\n1,${"x".repeat(10 * 1024 * 1024)}\n`) });
    expect(status).toBe(422);
    expect((body as ErrorBody).error).toMatchObject({
      code: "unprocessable",
      message: 'Row 1 (line 2), column "text": the cell is 10 MB; the limit is 100 KB (DATASET_MAX_CELL_BYTES).',
      line: 2,
    });
  });

  it("stores what spreadsheets read: a quote inside a field, and a stray NUL byte removed with a warning", async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `${i},note ${i},plain`);
    rows[1500] = '1500,=HYPERLINK("http://x","y")';
    rows[1600] = "1600,a\u0000b,plain";
    const { status, body } = await upload({ file: csvFile("real.csv", `id,formula,label\n${rows.join("\n")}\n`) });
    expect(status).toBe(201);
    expect(body).toMatchObject({ rowCount: 2000, warnings: ["Removed 1 NUL byte (an invisible control character) from row 1,601."] });
    const id = (body as DatasetSummary).id;
    const stored = async (offset: number) =>
      ((await (await getRoute(new Request(`${BASE}/${id}?offset=${offset}&limit=1`), context(id))).json()) as DatasetDetail).rows[0]?.values;
    // Read as Python's csv module reads it: the comma splits the formula; quotes stay literal.
    expect(await stored(1500)).toEqual({ id: "1500", formula: '=HYPERLINK("http://x"', label: "y)" });
    expect(await stored(1600)).toEqual({ id: "1600", formula: "ab", label: "plain" });
  });

  it("refuses a form without a file field with 400 naming it", async () => {
    const { status, body } = await upload({ name: "no file" });
    expect(status).toBe(400);
    expect((body as ErrorBody).error).toMatchObject({ code: "bad_request", field: "file" });
    expect((body as ErrorBody).error.message).toMatch(/"file"/);
  });

  it("refuses text in the file field", async () => {
    const { status } = await upload({ file: "id,name\n1,a\n" });
    expect(status).toBe(400);
  });

  it("refuses a body that is not multipart with 400", async () => {
    const response = await uploadRoute(
      new Request(BASE, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.field).toBe("file");
  });

  it("refuses an unknown delimiter with 422 naming the field", async () => {
    const { status, body } = await upload({ file: badFile("semicolon.csv"), delimiter: ":" });
    expect(status).toBe(422);
    expect((body as ErrorBody).error.field).toBe("delimiter");
  });

  it("refuses a body declared larger than the limit before reading it", async () => {
    const response = await uploadRoute(
      new Request(BASE, {
        method: "POST",
        headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(2 * 1024 ** 3) },
        body: "--x--",
      }),
    );
    expect(response.status).toBe(413);
    expect(((await response.json()) as ErrorBody).error.message).toBe("The file is 2 GB; the limit is 100 MB.");
  });

  it("cuts off a body without a length once it passes the limit", async () => {
    const big = new Request(BASE, { method: "POST", body: (() => {
      const form = new FormData();
      form.append("file", csvFile("big.csv", `a\n${"1\n".repeat(100_000)}`));
      return form;
    })() });
    // Re-sent as a stream, the way a chunked upload arrives: no Content-Length to trust.
    const streamed = new Request(BASE, {
      method: "POST",
      headers: { "content-type": big.headers.get("content-type") ?? "" },
      body: big.body,
      duplex: "half",
    } as RequestInit & { duplex: "half" });
    const error = await readUpload(streamed, 1000).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(413);
  });
});

describe("GET, PATCH and DELETE /api/datasets/:id", () => {
  it("lists, pages, renames and deletes", async () => {
    const rows = Array.from({ length: 12 }, (_, i) => `${i},"note ${i}\nline 2"`).join("\n");
    const created = (await upload({ file: csvFile("paged.csv", `id,note\n${rows}\n`) })).body as DatasetUploadResult;

    const list = (await (await listRoute(new Request(BASE))).json()) as { items: DatasetSummary[] };
    expect(list.items.find((item) => item.id === created.id)).toMatchObject({ name: "paged", rowCount: 12 });

    const page = await getRoute(new Request(`${BASE}/${created.id}?offset=10&limit=5`), context(created.id));
    expect(page.status).toBe(200);
    const detail = (await page.json()) as DatasetDetail;
    expect(detail).toMatchObject({ offset: 10, limit: 5, rowCount: 12 });
    expect(detail.rows).toEqual([
      { index: 10, values: { id: "10", note: "note 10\nline 2" } },
      { index: 11, values: { id: "11", note: "note 11\nline 2" } },
    ]);

    const tooMany = await getRoute(new Request(`${BASE}/${created.id}?limit=501`), context(created.id));
    expect(tooMany.status).toBe(422);
    expect(((await tooMany.json()) as ErrorBody).error.field).toBe("limit");

    const renamed = await patchRoute(
      new Request(`${BASE}/${created.id}`, { method: "PATCH", body: JSON.stringify({ name: "Renamed" }) }),
      context(created.id),
    );
    expect(((await renamed.json()) as DatasetSummary).name).toBe("Renamed");
    const blank = await patchRoute(
      new Request(`${BASE}/${created.id}`, { method: "PATCH", body: JSON.stringify({ name: "  " }) }),
      context(created.id),
    );
    expect(blank.status).toBe(422);
    expect(((await blank.json()) as ErrorBody).error.field).toBe("name");

    const deleted = await deleteRoute(new Request(`${BASE}/${created.id}`, { method: "DELETE" }), context(created.id));
    expect(deleted.status).toBe(204);
    const gone = await getRoute(new Request(`${BASE}/${created.id}`), context(created.id));
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as ErrorBody).error.code).toBe("not_found");
  });
});
