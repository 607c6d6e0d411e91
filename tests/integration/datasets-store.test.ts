// Storing uploads through lib/server/datasets on a database of its own, so counts are exact: a rejected
// upload leaves nothing, a good one stores every cell. SQLite in a temp dir; on the PostgreSQL
// pass (DATABASE_URL postgres://…) a schema of its own in that database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, databaseProvider, type DbClient } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { applyMigrations } from "@/lib/server/migrations";
import { AppError } from "@/lib/server/errors";
import { createDataset, INSERT_CHUNK_ROWS } from "@/lib/server/datasets/create-dataset";
import type { CsvLimits } from "@/lib/server/datasets/limits";
import { parseCsv } from "@/lib/server/datasets/parse-csv";
import { deleteDataset, getDataset, listDatasets, renameDataset } from "@/lib/server/datasets/queries";

const DATA_DIR = path.resolve(process.cwd(), "../shared/data");
const LIMITS: CsvLimits = { maxBytes: 100 * 1024 * 1024, maxRows: 1_000_000, maxColumns: 500, maxCellBytes: 100 * 1024 };

const onPostgres = databaseProvider(env.DATABASE_URL) === "postgresql";
const SCHEMA = `datasets_store_${process.pid}`;
let dir: string;
let client: DbClient;

beforeAll(async () => {
  let url: string;
  if (onPostgres) {
    const parsed = new URL(env.DATABASE_URL);
    parsed.searchParams.set("schema", SCHEMA);
    url = parsed.toString();
  } else {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchwise-datasets-"));
    url = `file:${path.join(dir, "datasets.db")}`;
  }
  await applyMigrations(url);
  client = createDbClient(url);
});

afterAll(async () => {
  await client.$disconnect();
  if (onPostgres) {
    const admin = new pg.Client({ connectionString: env.DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await admin.end();
  } else {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// Blob takes only ArrayBuffer-backed views; a copy gives one whatever backs a Buffer.
const fileOf = (content: string | Buffer) => new Blob([typeof content === "string" ? content : new Uint8Array(content)]);

async function counts() {
  return { datasets: await client.dataset.count(), rows: await client.datasetRow.count() };
}

async function rejectionOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe("a rejected upload stores nothing", () => {
  it.each(["ragged-row.csv", "unbalanced-quote.csv", "empty.csv", "header-only.csv"])("%s", async (name) => {
    const before = await counts();
    const file = fileOf(fs.readFileSync(path.join(DATA_DIR, "bad", name)));
    const error = await rejectionOf(createDataset({ file, name }, { client, limits: LIMITS }));
    expect(error.status).toBe(422);
    expect(await counts()).toEqual(before);
  });

  it("even when the error comes after thousands of valid rows", async () => {
    const good = Array.from({ length: INSERT_CHUNK_ROWS * 20 }, (_, i) => `${i},"note ${i}\nsecond line"`);
    const text = `id,note\n${good.join("\n")}\n${good.length},a,b\n`;
    const error = await rejectionOf(createDataset({ file: fileOf(text), name: "late failure" }, { client, limits: LIMITS }));
    expect(error.message).toBe(`Line ${2 + good.length * 2} has 3 fields; the header has 2.`);
    expect(await counts()).toEqual({ datasets: 0, rows: 0 });
  });

  it("when a limit is passed", async () => {
    const error = await rejectionOf(
      createDataset({ file: fileOf("a\n1\n2\n3\n"), name: "too long" }, { client, limits: { ...LIMITS, maxRows: 2 } }),
    );
    expect(error.details).toMatchObject({ limit: "DATASET_MAX_ROWS" });
    expect(await counts()).toEqual({ datasets: 0, rows: 0 });
  });
});

describe("a good upload", () => {
  it("stores emails.csv cell for cell, readable page by page", async () => {
    const bytes = fs.readFileSync(path.join(DATA_DIR, "emails.csv"));
    const parsed: string[][] = [];
    const reference = await parseCsv(fileOf(bytes), { limits: LIMITS, onRows: async (rows) => void parsed.push(...rows) });

    const started = performance.now();
    const created = await createDataset({ file: fileOf(bytes), name: "emails" }, { client, limits: LIMITS });
    console.info(`emails.csv stored in ${(performance.now() - started).toFixed(0)} ms`);
    expect(created).toMatchObject({ name: "emails", rowCount: 600, columns: reference.columns, delimiter: ",", encoding: "utf-8", warnings: [] });

    const stored = await client.datasetRow.findMany({ where: { datasetId: created.id }, orderBy: { index: "asc" } });
    expect(stored).toHaveLength(created.rowCount);
    expect(stored.map((row) => row.index)).toEqual(parsed.map((_, i) => i));
    expect(stored.map((row) => JSON.parse(row.cells) as unknown)).toEqual(parsed);

    const page = await getDataset(created.id, { offset: 598, limit: 500 }, client);
    expect(page).toMatchObject({ id: created.id, offset: 598, limit: 500, rowCount: 600 });
    expect(page.rows.map((row) => row.index)).toEqual([598, 599]);
    expect(page.rows[1]?.values).toEqual(Object.fromEntries(reference.columns.map((column, i) => [column, parsed[599]?.[i]])));
  });

  it("stores each row as JSON.stringify writes its cells, across insert batches", async () => {
    // Escapes, non-ASCII, a line separator and a control character: the stored text must be
    // JSON.stringify's exactly (row-search.ts matches on it), not the database's re-rendering.
    const tricky = ['say "hi", then \\leave', "é😀\u2028end", "tab\there\r\nnext line", "bell\u0001"];
    const rowCount = INSERT_CHUNK_ROWS * 2 + 1;
    const rows = Array.from({ length: rowCount }, (_, i) => [String(i), tricky[i % tricky.length] ?? ""]);
    const quote = (cell: string) => `"${cell.replaceAll('"', '""')}"`;
    const text = `id,text\n${rows.map((row) => row.map(quote).join(",")).join("\n")}\n`;

    const created = await createDataset({ file: fileOf(text), name: "tricky" }, { client, limits: LIMITS });
    expect(created.rowCount).toBe(rowCount);
    const stored = await client.datasetRow.findMany({ where: { datasetId: created.id }, orderBy: { index: "asc" } });
    expect(stored.map((row) => row.index)).toEqual(rows.map((_, i) => i));
    expect(stored.map((row) => row.cells)).toEqual(rows.map((row) => JSON.stringify(row)));
  });

  it("stores renamed columns, and can be listed, renamed and deleted", async () => {
    const created = await createDataset(
      { file: fileOf(fs.readFileSync(path.join(DATA_DIR, "bad", "duplicate-headers.csv"))), name: "dupes" },
      { client, limits: LIMITS },
    );
    expect(created.columns).toEqual(["id", "text", "text_2"]);
    expect(created.warnings).toHaveLength(1);
    expect((await listDatasets(client)).map((dataset) => dataset.id)).toContain(created.id);

    expect((await renameDataset(created.id, "renamed", client)).name).toBe("renamed");
    await deleteDataset(created.id, client);
    expect(await client.datasetRow.count({ where: { datasetId: created.id } })).toBe(0);
    expect((await rejectionOf(getDataset(created.id, { offset: 0, limit: 10 }, client))).status).toBe(404);
    expect((await rejectionOf(deleteDataset(created.id, client))).status).toBe(404);
  });
});

describe("a refused upload and other writers", () => {
  it("keeps what other code wrote while the upload was in progress", async () => {
    // On SQLite every statement shares one connection: had the upload held a transaction open while
    // parsing, these writes would have run inside it and been rolled back with it.
    const good = Array.from({ length: INSERT_CHUNK_ROWS * 20 }, (_, i) => `${i},"note ${i}"`);
    const upload = createDataset({ file: fileOf(`id,note\n${good.join("\n")}\n1,a,b\n`), name: "late failure" }, { client, limits: LIMITS });
    let settled = false;
    const outcome = rejectionOf(upload).finally(() => {
      settled = true;
    });
    let writes = 0;
    while (!settled) {
      await client.dataset.create({ data: { name: "written meanwhile", columns: "[]", rowCount: 0 } });
      writes++;
      // better-sqlite3 answers without I/O: without a turn of the event loop the upload's file reads would starve.
      await new Promise((resolve) => setImmediate(resolve));
    }

    expect((await outcome).status).toBe(422);
    expect(writes).toBeGreaterThan(1);
    expect(await client.dataset.count({ where: { name: "written meanwhile" } })).toBe(writes);
    expect(await client.dataset.count({ where: { name: "late failure" } })).toBe(0);
  });
});
