// GET /api/runs/:id/export and GET /api/runs/:id/report as downloads, called as Next calls them: the
// export joins back to the source (the dataset's columns first, as uploaded, row numbers from 1 as
// the UI counts), says who settled each item (the model, or a person, with a person's answer copied
// to its duplicates), carries an error only while the item is still failing, spreads a structured
// output into columns, neutralises formula cells and quotes what needs quoting; JSON and JSONL
// records match the CSV's columns; `only=failed` keeps what is left to fix.
import { randomUUID } from "node:crypto";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunReport } from "@/lib/shared/api-types";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";
import { asRole } from "../support/test-auth";

let simulator: SimulatorServer;
let app: InProcessApp;
let exportRoute: ReturnType<typeof asRole<{ params: Promise<{ id: string }> }>>;
let reportRoute: ReturnType<typeof asRole<{ params: Promise<{ id: string }> }>>;
let reviewer: { id: string; email: string };

const COLUMNS = ["name", "note", "status", "=cmd"];
const DATASET_NAME = "Leads März 2026.csv";

/** The dataset's rows, and what becomes of each item (set directly, but for the person's resolution). */
const ROWS: { cells: string[]; status: string; output?: string; errorKind?: string; errorMessage?: string }[] = [
  { cells: ["Ada", 'says "hi", then leaves', "lead", "x"], status: "completed", output: "=1+1" },
  { cells: ["Zoë 🚀", "line one\nline two", "customer", "y"], status: "completed", output: 'Oui, "très" bien,\r\nmerci 👍' },
  { cells: ['=HYPERLINK("http://x","y")', "-2.5", "+1", "@SUM(1)"], status: "completed", output: "-2.5" },
  { cells: ["李雷", "مرحبا", "lead", "\t=1+1"], status: "completed", output: "普通" },
  // Failed three times with a 500, then a person writes the answer.
  { cells: ["Bob", "checked by hand", "lead", ""], status: "needs_review", errorKind: "server", errorMessage: "500 Internal Server Error" },
  { cells: ["Cy", "rate limited", "lead", ""], status: "failed", errorKind: "rate_limit", errorMessage: "429 Too Many Requests" },
  // The same request as row 5: a duplicate, answered when its original is.
  { cells: ["Bob", "checked by hand", "lead", ""], status: "skipped" },
  // Nothing to send: skipped as too short by the pre-filter.
  { cells: ["", "", "lead", ""], status: "skipped" },
  { cells: ["Dee", "still open", "lead", ""], status: "needs_review", errorKind: "server", errorMessage: "500 Internal Server Error" },
];
const PERSON_ANSWER = "Qualified (checked by hand)";

const EXPECTED_HEADER = [
  "name", "note", "status", "'=cmd", "row", "output", "_status", "skipReason", "resolution", "reviewAction", "reviewedBy",
  "reviewedAt", "errorKind", "errorMessage", "attempts", "tokensIn", "tokensOut", "costUsd", "latencyMs", "itemId",
];

let runId: string;

/** A run never executed: its items' states are set as the executor would leave them. */
async function preparedRun(request: Record<string, unknown>, rows: typeof ROWS, datasetName = DATASET_NAME) {
  const dataset = await app.fixtures.createDataset(COLUMNS, rows.map((row) => row.cells), datasetName);
  const run = await app.insertRun({ datasetId: dataset.id, kind: "full", prompt: { template: "{{name}}: {{note}}" }, useCache: false, ...request });
  // Cancelled at once, so no executor picks it up (a cancelled run keeps its unsent items pending).
  await app.db.run.update({ where: { id: run.id }, data: { status: "cancelled", finishedAt: new Date() } });
  for (const [rowIndex, row] of rows.entries()) {
    if (row.status === "skipped") continue;
    await app.db.runItem.updateMany({
      where: { runId: run.id, rowIndex },
      data: { status: row.status, output: row.output ?? null, errorKind: row.errorKind ?? null, errorMessage: row.errorMessage ?? null, attempts: 3, tokensIn: 12, tokensOut: 5, costNanos: 37_000, latencyMs: 420 },
    });
  }
  return run.id;
}

async function download(route: typeof exportRoute, path: string, id: string) {
  const response = await route(new Request(`http://localhost${path}`), { params: Promise.resolve({ id }) });
  return { response, text: await response.text() };
}

async function exportCsv(id: string, query = "format=csv") {
  const { response, text } = await download(exportRoute, `/api/runs/${id}/export?${query}`, id);
  expect(response.status, text).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  const [header = [], ...rows] = parsed.data;
  return { response, raw: text, header, rows: rows.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i]]))) };
}

async function exportJson(id: string, query: string) {
  const { response, text } = await download(exportRoute, `/api/runs/${id}/export?${query}`, id);
  expect(response.status, text).toBe(200);
  return { response, text };
}

beforeAll(async () => {
  ({ simulator, app } = await startInProcessApp());
  exportRoute = asRole((await import("@/app/api/runs/[id]/export/route")).GET);
  reportRoute = asRole((await import("@/app/api/runs/[id]/report/route")).GET);
  const { createUser } = await import("@/lib/server/auth/users");
  reviewer = await createUser({ email: `reviewer-${randomUUID()}@export.test`, password: "test-password-1", role: "reviewer" });
  runId = await preparedRun({}, ROWS);
  const items = await app.db.runItem.findMany({ where: { runId }, orderBy: { rowIndex: "asc" } });
  expect(items.map((item) => item.skipReason)).toEqual([null, null, null, null, null, null, "duplicate_of:4", "too_short", null]);
  // Through the review queue, as a person resolves it: the 500 stays in the database, on record.
  await app.actOnReviewItem(items[4]?.id ?? "", { action: "resolve", output: PERSON_ANSWER }, reviewer.id);
});

afterAll(() => stopInProcessApp(simulator));

describe("the CSV export", () => {
  it("puts the dataset's columns first, as uploaded, then the row from 1, the output and what happened", async () => {
    const { header, rows, raw } = await exportCsv(runId);
    expect(header).toEqual(EXPECTED_HEADER);
    expect(rows.map((row) => row.row)).toEqual(ROWS.map((_, i) => String(i + 1)));
    expect(rows.map((row) => row._status)).toEqual(["completed", "completed", "completed", "completed", "completed", "failed", "skipped", "skipped", "needs_review"]);
    // Values as uploaded: quotes, line breaks and any script survive; a formula is exported as text.
    expect(rows.slice(0, 4).map((row) => [row.name, row.note, row.status, row["'=cmd"]])).toEqual([
      ["Ada", 'says "hi", then leaves', "lead", "x"],
      ["Zoë 🚀", "line one\nline two", "customer", "y"],
      [`'=HYPERLINK("http://x","y")`, "-2.5", "+1", "'@SUM(1)"],
      ["李雷", "مرحبا", "lead", "'\t=1+1"],
    ]);
    expect(rows.slice(0, 4).map((row) => row.output)).toEqual(["'=1+1", 'Oui, "très" bien,\r\nmerci 👍', "-2.5", "普通"]);
    expect(raw).toContain(`"says ""hi"", then leaves"`);
    expect(raw).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(raw).toMatch(/,-2\.5,\+1,/);
    expect(rows[0]).toMatchObject({ resolution: "model", reviewedBy: "", errorKind: "", attempts: "3", tokensIn: "12", tokensOut: "5", costUsd: "0.000037", latencyMs: "420" });
  });

  it("exports a person's resolution as the person's, without the error that sent it to review, and its duplicate likewise", async () => {
    const { rows } = await exportCsv(runId);
    const resolved = rows[4];
    expect(resolved).toMatchObject({ _status: "completed", output: PERSON_ANSWER, resolution: "person", reviewAction: "resolve", reviewedBy: reviewer.email, errorKind: "", errorMessage: "" });
    expect(new Date(resolved?.reviewedAt ?? "").getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(rows[6]).toMatchObject({ _status: "skipped", skipReason: "duplicate_of:4", output: PERSON_ANSWER, resolution: "person", reviewedBy: reviewer.email, errorKind: "" });
    // Still failing: the error is the item's final word.
    expect(rows[5]).toMatchObject({ _status: "failed", resolution: "", errorKind: "rate_limit", errorMessage: "429 Too Many Requests" });
    expect(rows[8]).toMatchObject({ _status: "needs_review", resolution: "", errorKind: "server", errorMessage: "500 Internal Server Error" });
    expect(rows[7]).toMatchObject({ _status: "skipped", skipReason: "too_short", output: "", resolution: "" });
  });

  it("names the dataset and the run in the file name", async () => {
    const { response } = await exportCsv(runId);
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="Leads-Marz-2026-full-run-${runId}.csv"; filename*=UTF-8''Leads-M%C3%A4rz-2026-full-run-${runId}.csv`,
    );
  });

  it("spreads a structured output into columns and keeps the raw output", async () => {
    const outputSchema = {
      type: "object",
      properties: { label: { type: "string" }, score: { type: "number" }, tags: { type: "array", items: { type: "string" } } },
      required: ["label", "score", "tags"],
      additionalProperties: false,
    };
    const structured = '{"label":"hot, \\"very\\"","score":0.9,"tags":["a","b"]}';
    const id = await preparedRun({ outputSchema }, [
      { cells: ["Ada", "a", "lead", ""], status: "completed", output: structured },
      { cells: ["Bo", "b", "lead", ""], status: "completed", output: "not JSON: a person's words" },
      { cells: ["Cy", "c", "lead", ""], status: "pending" },
    ], 'q"uo/te\\s 日本.csv');
    const { header, rows, response } = await exportCsv(id);
    // A dataset name is anyone's text: quotes, slashes and backslashes never reach the header.
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="q-uo-te-s-full-run-${id}.csv"; filename*=UTF-8''q-uo-te-s-%E6%97%A5%E6%9C%AC-full-run-${id}.csv`,
    );
    expect(header.slice(4, 9)).toEqual(["row", "output.label", "output.score", "output.tags", "output"]);
    expect(rows[0]).toMatchObject({ "output.label": 'hot, "very"', "output.score": "0.9", "output.tags": '["a","b"]', output: structured });
    expect(rows[1]).toMatchObject({ "output.label": "", "output.score": "", output: "not JSON: a person's words" });
    expect(rows[2]).toMatchObject({ "output.label": "", output: "", _status: "pending", resolution: "" });

    const json = JSON.parse((await exportJson(id, "format=json")).text) as Record<string, unknown>[];
    expect(json.map((record) => record.output)).toEqual([{ label: 'hot, "very"', score: 0.9, tags: ["a", "b"] }, "not JSON: a person's words", null]);
  });

  it("with only=failed (or failed_review), keeps just the items failing or waiting for a person", async () => {
    for (const only of ["failed", "failed_review"]) {
      const { rows, response } = await exportCsv(runId, `format=csv&only=${only}`);
      expect(rows.map((row) => [row.row, row._status])).toEqual([["6", "failed"], ["9", "needs_review"]]);
      expect(response.headers.get("content-disposition")).toContain(`-full-run-${runId}-failed-and-review.csv"`);
    }
  });

  it("joins each item to its own dataset row when the exported items are far apart", async () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({ cells: [`Person ${i}`, `note ${i}`, "lead", ""], status: [3, 31, 58].includes(i) ? "failed" : "completed", output: "ok" }));
    const id = await preparedRun({}, rows, "sparse");
    const exported = await exportCsv(id, "format=csv&only=failed");
    expect(exported.rows.map((row) => [row.row, row.name, row.note])).toEqual([["4", "Person 3", "note 3"], ["32", "Person 31", "note 31"], ["59", "Person 58", "note 58"]]);
  });

  it("refuses an unknown format or filter, naming the field", async () => {
    for (const [query, field] of [["format=xml", "format"], ["format=csv&only=done", "only"]]) {
      const { response, text } = await download(exportRoute, `/api/runs/${runId}/export?${query}`, runId);
      expect(response.status).toBe(422);
      expect(JSON.parse(text)).toMatchObject({ error: { code: "validation_failed", field } });
    }
  });
});

describe("the JSON and JSONL exports", () => {
  it("hold the CSV's columns in the same order, with numbers as numbers and nothing neutralised", async () => {
    const { header } = await exportCsv(runId);
    const { text, response } = await exportJson(runId, "format=json");
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const records = JSON.parse(text) as Record<string, unknown>[];
    expect(records).toHaveLength(ROWS.length);
    for (const record of records) expect(Object.keys(record)).toEqual(header.map((name) => (name === "'=cmd" ? "=cmd" : name)));
    expect(records[2]).toMatchObject({ name: '=HYPERLINK("http://x","y")', "=cmd": "@SUM(1)", row: 3, output: "-2.5", attempts: 3, costUsd: 0.000037 });
    expect(records[4]).toMatchObject({ row: 5, resolution: "person", reviewedBy: reviewer.email, errorKind: null, errorMessage: null });
    expect(records[5]).toMatchObject({ row: 6, resolution: null, errorKind: "rate_limit" });

    const jsonl = await exportJson(runId, "format=jsonl");
    expect(jsonl.response.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    expect(jsonl.response.headers.get("content-disposition")).toContain(`-full-run-${runId}.jsonl"`);
    const lines = jsonl.text.split("\n");
    expect(lines.at(-1)).toBe("");
    expect(lines.slice(0, -1).map((line) => JSON.parse(line) as unknown)).toEqual(records);

    const failed = (await exportJson(runId, "format=jsonl&only=failed")).text.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(failed.map((record) => record.row)).toEqual([6, 9]);
  });

  it("an export with nothing in it is still well-formed", async () => {
    const id = await preparedRun({}, [{ cells: ["Ada", "a", "lead", ""], status: "completed", output: "ok" }], "no-failures");
    expect(JSON.parse((await exportJson(id, "format=json&only=failed")).text)).toEqual([]);
    expect((await exportJson(id, "format=jsonl&only=failed")).text).toBe("");
    const { header, rows } = await exportCsv(id, "format=csv&only=failed");
    expect(header).toEqual(EXPECTED_HEADER);
    expect(rows).toEqual([]);
  });
});

describe("the report as a download", () => {
  it("serves JSON or Markdown as a file named after the dataset and run; without asking, the plain report", async () => {
    const plain = await download(reportRoute, `/api/runs/${runId}/report`, runId);
    expect(plain.response.status).toBe(200);
    expect(plain.response.headers.get("content-disposition")).toBeNull();
    const report = JSON.parse(plain.text) as RunReport;
    expect(report).toMatchObject({ runId, completed: 5, needsReview: 1, failed: 1 });

    for (const query of ["download=1", "format=json"]) {
      const file = await download(reportRoute, `/api/runs/${runId}/report?${query}`, runId);
      expect(file.response.headers.get("content-disposition")).toContain(`filename="Leads-Marz-2026-full-run-${runId}-report.json"`);
      expect(JSON.parse(file.text)).toEqual(report);
    }

    const md = await download(reportRoute, `/api/runs/${runId}/report?format=md`, runId);
    expect(md.response.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(md.response.headers.get("content-disposition")).toContain(`-full-run-${runId}-report.md"`);
    expect(md.text).toContain(`# Run report: ${DATASET_NAME} (full run)`);
    expect(md.text).toContain("| Completed | 5 |");
    expect(md.text).toContain("| Needs review | 1 |");

    const wrong = await download(reportRoute, `/api/runs/${runId}/report?format=pdf`, runId);
    expect(wrong.response.status).toBe(422);
    expect(JSON.parse(wrong.text)).toMatchObject({ error: { field: "format" } });
  });
});
