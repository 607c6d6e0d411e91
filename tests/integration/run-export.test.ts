// GET /api/runs/:id/export?format=csv called as Next calls it, on a run executed by the local
// executor: a cell a spreadsheet would run as a formula (OWASP CSV injection) is exported as text,
// in the input column and in the model's output alike, while plain numbers stay numbers.
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";
import { asRole } from "../support/test-auth";

let simulator: SimulatorServer;
let app: InProcessApp;

beforeAll(async () => {
  ({ simulator, app } = await startInProcessApp({}));
});

afterAll(() => stopInProcessApp(simulator));

/** Each cell as a row's text, and how the export must write it. */
const CELLS: [string, string][] = [
  ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
  ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
  ["@SUM(1)", "'@SUM(1)"],
  ["-2+3", "'-2+3"],
  ["-2.5", "-2.5"],
  ["+1", "+1"],
  ["\t=1+1", "'\t=1+1"],
  ["\r=1+1", "'\r=1+1"],
  ["=1+1\nsecond line", "'=1+1\nsecond line"],
  ["plain text", "plain text"],
];

async function exportCsv(runId: string): Promise<{ raw: string; rows: Record<string, string>[] }> {
  const GET = asRole((await import("@/app/api/runs/[id]/export/route")).GET);
  const response = await GET(new Request(`http://localhost/api/runs/${runId}/export?format=csv`), { params: Promise.resolve({ id: runId }) });
  expect(response.status).toBe(200);
  const raw = await response.text();
  const parsed = Papa.parse<Record<string, string>>(raw, { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return { raw, rows: parsed.data };
}

describe("the CSV export", () => {
  it("neutralises formula cells in the input and the output, and leaves numbers alone", async () => {
    const dataset = await app.fixtures.createDataset(
      ["text"],
      CELLS.map(([cell]) => [cell]),
      "formula-cells",
    );
    const { id } = await app.createRun({ datasetId: dataset.id, kind: "full", prompt: { template: "{{text}}" }, useCache: false });
    expect((await app.fixtures.waitForRun(id)).status).toBe("completed");
    // The simulator answers in prose; a real model can answer with anything, a formula included.
    const items = await app.db.runItem.findMany({ where: { runId: id }, orderBy: { rowIndex: "asc" } });
    expect(items.map((item) => item.input)).toEqual(CELLS.map(([cell]) => cell));
    for (const item of items) await app.db.runItem.update({ where: { id: item.id }, data: { output: item.input } });

    const { raw, rows } = await exportCsv(id);
    const expected = CELLS.map(([, exported]) => exported);
    expect(rows.map((row) => row.input)).toEqual(expected);
    expect(rows.map((row) => row.output)).toEqual(expected);
    // Quoted as any neutralised cell is, so the quote prefix cannot be read as a field boundary.
    expect(raw).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(raw).toContain(`"'@SUM(1)"`);
    expect(raw).toMatch(/,-2\.5,/);
  });
});
