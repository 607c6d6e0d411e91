// A 100,000-item run exported through GET /api/runs/:id/export, read as a client reads a download:
// the export streams page by page (1,000 items), so the heap grows by a few pages' worth whatever
// the run's size, not by the run (100,000 items held as objects would be hundreds of MB). Timing,
// and the same growth at 10,000 items beside it, are in tests/bench/export.bench.ts.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import Papa from "papaparse";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";
import { asRole } from "../support/test-auth";

const ITEMS = 100_000;
/** Generous: a page of items is a few MB; the run held whole would be hundreds. */
const MAX_HEAP_GROWTH_BYTES = 150 * 1024 * 1024;

// A collection every few pages keeps the peak about what the export holds, not what the collector
// has not got round to yet (which depends on the machine's load).
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

let simulator: SimulatorServer;
let app: InProcessApp;
let runId: string;

beforeAll(async () => {
  ({ simulator, app } = await startInProcessApp());
  const dataset = await app.fixtures.createLeadsDataset(ITEMS, "export-memory");
  const run = await app.insertRun({ datasetId: dataset.id, kind: "full", prompt: { template: "Classify: {{title}} {{notes}}" }, useCache: false });
  runId = run.id;
  // Never executed, and cancelled at once (no executor takes it; unsent items stay pending). Every
  // tenth item is answered directly, as the executor would leave it: not all, as each item's change
  // also updates the run's counters (a trigger), which on PostgreSQL costs minutes at 100,000.
  await app.db.run.update({ where: { id: runId }, data: { status: "cancelled" } });
  const answered = Array.from({ length: ITEMS / 10 }, (_, i) => i * 10);
  for (let i = 0; i < answered.length; i += 1_000) {
    await app.db.runItem.updateMany({
      where: { runId, rowIndex: { in: answered.slice(i, i + 1_000) } },
      data: { status: "completed", output: "Qualified: a decision-maker asking about pricing, worth a call this week.", attempts: 1, tokensIn: 40, tokensOut: 16, costNanos: 15_000, latencyMs: 380 },
    });
  }
}, 600_000);

afterAll(() => stopInProcessApp(simulator));

it("exports 100,000 items, every one, with the heap growing by pages, not by the run", async () => {
  const GET = asRole((await import("@/app/api/runs/[id]/export/route")).GET);
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const response = await GET(new Request(`http://localhost/api/runs/${runId}/export?format=csv`), { params: Promise.resolve({ id: runId }) });
  expect(response.status).toBe(200);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let peakHeap = heapBefore;
  let bytes = 0;
  let lineBreaks = 0;
  let chunks = 0;
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
    if (++chunks % 10 === 0) gc();
  }
  expect(lineBreaks).toBe(ITEMS + 1);
  const header = Papa.parse<string[]>(firstChunk.slice(0, firstChunk.indexOf("\r\n"))).data[0];
  expect(header?.slice(0, 5)).toEqual(["name", "title", "notes", "row", "output"]);
  const lastLine = Papa.parse<string[]>(tail.trimEnd().split("\r\n").at(-1) ?? "").data[0];
  expect(lastLine?.slice(0, 4)).toEqual([`Person ${ITEMS - 1}`, "CTO", expect.stringContaining(`note ${ITEMS - 1} `), String(ITEMS)]);
  expect(firstChunk).toContain(`,1,"Qualified: a decision-maker asking about pricing, worth a call this week.",completed,,model,`);
  const growth = peakHeap - heapBefore;
  console.log(`export of ${ITEMS} items: ${(bytes / 1e6).toFixed(1)} MB of CSV, heap growth at peak ${(growth / 1e6).toFixed(1)} MB`);
  expect(growth).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
}, 300_000);
