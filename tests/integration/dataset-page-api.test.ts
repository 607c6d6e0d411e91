// The dataset page's endpoints called as Next calls them, on the suite's shared test database:
// GET /api/datasets/:id/columns (the column profile) and GET /api/datasets/:id?q= (row search).
import { describe, expect, it } from "vitest";
import { POST as uploadHandler } from "@/app/api/datasets/route";
import { DELETE as deleteHandler, GET as getHandler } from "@/app/api/datasets/[id]/route";
import { GET as columnsHandler } from "@/app/api/datasets/[id]/columns/route";
import type { DatasetColumns, DatasetDetail, DatasetUploadResult } from "@/lib/shared/api-types";
import { PROFILE_PAGE_ROWS } from "@/lib/server/datasets/column-profile";
import { db } from "@/lib/server/db";
import { asRole } from "../support/test-auth";

const uploadRoute = asRole(uploadHandler);
const deleteRoute = asRole(deleteHandler);
const getRoute = asRole(getHandler);
const columnsRoute = asRole(columnsHandler);

const BASE = "http://localhost/api/datasets";
const context = (id: string) => ({ params: Promise.resolve({ id }) });

interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

async function upload(name: string, csv: string): Promise<DatasetUploadResult> {
  const form = new FormData();
  form.append("file", new File([csv], `${name}.csv`, { type: "text/csv" }));
  const response = await uploadRoute(new Request(BASE, { method: "POST", body: form }));
  expect(response.status).toBe(201);
  return (await response.json()) as DatasetUploadResult;
}

async function columns(id: string) {
  const response = await columnsRoute(new Request(`${BASE}/${id}/columns`), context(id));
  return { status: response.status, body: (await response.json()) as unknown };
}

async function search(id: string, params: Record<string, string | number>) {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const response = await getRoute(new Request(`${BASE}/${id}?${query}`), context(id));
  return { status: response.status, body: (await response.json()) as unknown };
}

async function matches(id: string, q: string): Promise<number[]> {
  const { status, body } = await search(id, { q, limit: 500 });
  expect(status).toBe(200);
  const page = body as DatasetDetail;
  expect(page.total).toBe(page.rows.length);
  return page.rows.map((row) => row.index);
}

// Cells chosen to trip a search over the stored JSON text: escapes, quotes, the array's own
// punctuation, and LIKE's wildcards.
const TRICKY_CSV = [
  "id,name,note",
  '1,Farah Haddad,"line one',
  'line two"',
  '2,quinn zhou,"said ""hi"", then left"',
  "3,Farah Müller,100% sure_thing",
  "4,,back\\slash",
  "5,Ünal,[bracketed]",
  "6,x,",
].join("\n");

describe("GET /api/datasets/:id?q=", () => {
  it("finds rows with a cell containing the text, ignoring case", async () => {
    const { id } = await upload("tricky", TRICKY_CSV);
    expect(await matches(id, "farah")).toEqual([0, 2]);
    expect(await matches(id, "FARAH h")).toEqual([0]);
    expect(await matches(id, "Müller")).toEqual([2]);
    expect(await matches(id, "Ünal")).toEqual([4]);
    expect(await matches(id, "line one\nline")).toEqual([0]);
  });

  it("matches cell text, never the JSON it is stored as", async () => {
    const { id } = await upload("tricky-json", TRICKY_CSV);
    // Stored as ["…line one\nline two"]: "nline" is in the JSON text, not in the cell.
    expect(await matches(id, "nline")).toEqual([]);
    // Every stored row has "," and "[" between and around its cells.
    expect(await matches(id, ",")).toEqual([1]);
    expect(await matches(id, "[")).toEqual([4]);
    expect(await matches(id, '"')).toEqual([1]);
    expect(await matches(id, '"hi"')).toEqual([1]);
    expect(await matches(id, "\\")).toEqual([3]);
    expect(await matches(id, "u00")).toEqual([]);
  });

  it("searches a row holding a NUL character without failing", async () => {
    // Uploads refuse NUL bytes, but a forced encoding can let one through; PostgreSQL cannot
    // turn the JSON escape \u0000 into text, so the search reads it as U+FFFD.
    const dataset = await db.dataset.create({ data: { name: "nul", columns: JSON.stringify(["a"]), rowCount: 2 } });
    await db.datasetRow.createMany({
      data: [
        { datasetId: dataset.id, index: 0, cells: JSON.stringify(["nul\u0000here"]) },
        { datasetId: dataset.id, index: 1, cells: JSON.stringify(["literal \\u0000 text"]) },
      ],
    });
    expect(await matches(dataset.id, "here")).toEqual([0]);
    expect(await matches(dataset.id, "literal")).toEqual([1]);
    expect((await columns(dataset.id)).status).toBe(200);
  });

  it("takes % and _ literally", async () => {
    const { id } = await upload("tricky-like", TRICKY_CSV);
    expect(await matches(id, "%")).toEqual([2]);
    expect(await matches(id, "_")).toEqual([2]);
    expect(await matches(id, "e_t")).toEqual([2]);
  });

  it("pages through the matches, keeping each row's place in the file", async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `${i},${i % 2 === 0 ? "even item" : "odd"}`);
    const { id } = await upload("paged-search", `n,label\n${rows.join("\n")}\n`);

    const { body } = await search(id, { q: "ITEM", offset: 10, limit: 10 });
    const page = body as DatasetDetail;
    expect(page).toMatchObject({ q: "ITEM", total: 30, offset: 10, limit: 10, rowCount: 60 });
    expect(page.rows.map((row) => row.index)).toEqual([20, 22, 24, 26, 28, 30, 32, 34, 36, 38]);
    expect(page.rows[0]?.values).toEqual({ n: "20", label: "even item" });

    const last = (await search(id, { q: "item", offset: 25, limit: 10 })).body as DatasetDetail;
    expect(last.total).toBe(30);
    expect(last.rows.map((row) => row.index)).toEqual([50, 52, 54, 56, 58]);

    const past = (await search(id, { q: "item", offset: 40, limit: 10 })).body as DatasetDetail;
    expect(past).toMatchObject({ total: 30, rows: [] });

    const none = (await search(id, { q: "nothing like it" })).body as DatasetDetail;
    expect(none).toMatchObject({ total: 0, rows: [] });
  });

  it("treats a blank q as no search, and refuses one too long", async () => {
    const { id } = await upload("blank-search", "a\n1\n2\n");
    const { body } = await search(id, { q: "   " });
    expect(body).toMatchObject({ q: null, total: 2, rowCount: 2 });
    expect((body as DatasetDetail).rows).toHaveLength(2);

    const tooLong = await search(id, { q: "x".repeat(201) });
    expect(tooLong.status).toBe(422);
    expect((tooLong.body as ErrorBody).error.field).toBe("q");

    const missing = await search("no-such-dataset", { q: "x" });
    expect(missing.status).toBe(404);
  });
});

describe("GET /api/datasets/:id/columns", () => {
  it("profiles every row, across several pages of reads", async () => {
    const count = PROFILE_PAGE_ROWS * 2 + 500;
    const lines = Array.from({ length: count }, (_, i) =>
      [i + 1, i % 2 === 0 ? "yes" : "no", `2024-01-${String((i % 28) + 1).padStart(2, "0")}`, i % 10 === 0 ? "" : `n${i % 3}`, `u${i}@example.com`].join(","),
    );
    const { id } = await upload("profiled", `id,flag,day,note,email\n${lines.join("\n")}\n`);

    const { status, body } = await columns(id);
    expect(status).toBe(200);
    const profile = body as DatasetColumns;
    expect(profile).toMatchObject({ datasetId: id, rowCount: count });
    expect(profile.columns).toEqual([
      { name: "id", type: "integer", empty: 0, distinct: count, distinctExact: true, sample: "1", maxLength: String(count).length },
      { name: "flag", type: "boolean", empty: 0, distinct: 2, distinctExact: true, sample: "yes", maxLength: 3 },
      { name: "day", type: "date", empty: 0, distinct: 28, distinctExact: true, sample: "2024-01-01", maxLength: 10 },
      { name: "note", type: "text", empty: count / 10, distinct: 3, distinctExact: true, sample: "n1", maxLength: 2 },
      { name: "email", type: "email", empty: 0, distinct: count, distinctExact: true, sample: "u0@example.com", maxLength: `u${count - 1}@example.com`.length },
    ]);

    // Served from memory the second time, and still the same.
    expect((await columns(id)).body).toEqual(profile);
  });

  it("profiles multi-line and missing cells", async () => {
    const { id } = await upload("tricky-columns", TRICKY_CSV);
    const profile = (await columns(id)).body as DatasetColumns;
    expect(profile.columns.map(({ name, type, empty }) => ({ name, type, empty }))).toEqual([
      { name: "id", type: "integer", empty: 0 },
      { name: "name", type: "text", empty: 1 },
      { name: "note", type: "text", empty: 1 },
    ]);
    expect(profile.columns[2]?.sample).toBe("line one\nline two");
  });

  it("answers 404 for an unknown or deleted dataset", async () => {
    expect((await columns("no-such-dataset")).status).toBe(404);
    const { id } = await upload("doomed", "a\n1\n");
    expect((await columns(id)).status).toBe(200);
    const deleted = await deleteRoute(new Request(`${BASE}/${id}`, { method: "DELETE" }), context(id));
    expect(deleted.status).toBe(204);
    const gone = await columns(id);
    expect(gone.status).toBe(404);
    expect((gone.body as ErrorBody).error.code).toBe("not_found");
  });
});
