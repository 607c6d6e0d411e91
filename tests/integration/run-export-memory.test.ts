// A 100,000-item run exported through GET /api/runs/:id/export, read as a client reads a download:
// the export streams page by page, so the heap grows by about one page whatever the run's size, far
// under what holding the file (about 25 MB of CSV, several times that as objects) would take.
// Timing is left to tests/bench/export.bench.ts.
import Papa from "papaparse";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";
import { asRole } from "../support/test-auth";

const ITEMS = 100_000;
/** Generous: one page of items is a few MB; a file held whole would be hundreds. */
const MAX_HEAP_GROWTH_BYTES = 150 * 1024 * 1024;

let simulator: SimulatorServer;
let app: InProcessApp;
let runId: string;

beforeAll(async () => {
  ({ simulator, app } = await startInProcessApp());
  const dataset = await app.fixtures.createLeadsDataset(ITEMS, "export-memory");
  const run = await app.insertRun({ datasetId: dataset.id, kind: "full", prompt: { template: "Classify: {{title}} {{notes}}" }, useCache: false });
  runId = run.id;
  // Never executed: answered directly, as the executor would leave it (cancelled first, so no executor takes it).
  await app.db.run.update({ where: { id: runId }, data: { status: "cancelled" } });
  await app.db.runItem.updateMany({
    where: { runId },
    data: { status: "completed", output: "Qualified: a decision-maker asking about pricing, worth a call this week.", attempts: 1, tokensIn: 40, tokensOut: 16, costMicros: 15, latencyMs: 380 },
  });
}, 300_000);

afterAll(() => stopInProcessApp(simulator));

it("exports 100,000 items with the heap growing by far less than the file", async () => {
  const GET = asRole((await import("@/app/api/runs/[id]/export/route")).GET);
  const heapBefore = process.memoryUsage().heapUsed;
  const response = await GET(new Request(`http://localhost/api/runs/${runId}/export?format=csv`), { params: Promise.resolve({ id: runId }) });
  expect(response.status).toBe(200);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let peakHeap = heapBefore;
  let bytes = 0;
  let lineBreaks = 0;
  let firstChunk = "";
  let tail = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    const text = decoder.decode(value, { stream: true });
    if (!firstChunk) firstChunk = text;
    // The rows have no line breaks of their own: one per row, plus the header's.
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lineBreaks++;
    tail = (tail + text).slice(-2_000);
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  expect(lineBreaks).toBe(ITEMS + 1);
  const header = Papa.parse<string[]>(firstChunk.slice(0, firstChunk.indexOf("\r\n"))).data[0];
  expect(header?.slice(0, 5)).toEqual(["name", "title", "notes", "row", "output"]);
  const lastLine = Papa.parse<string[]>(tail.trimEnd().split("\r\n").at(-1) ?? "").data[0];
  expect(lastLine?.slice(0, 4)).toEqual([`Person ${ITEMS - 1}`, "CTO", expect.stringContaining(`note ${ITEMS - 1} `), String(ITEMS)]);
  const growth = peakHeap - heapBefore;
  console.log(`export of ${ITEMS} items: ${(bytes / 1e6).toFixed(1)} MB of CSV, heap growth at peak ${(growth / 1e6).toFixed(1)} MB`);
  expect(growth).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
}, 300_000);
