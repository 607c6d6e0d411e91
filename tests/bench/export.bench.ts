// Export at scale: a 100,000-item run downloaded through the real route handler (GET
// /api/runs/:id/export, authenticated by an API key), CSV and JSONL, against a 10,000-item run
// exported the same way in the same process as the baseline. Flat memory means the 100,000-row
// export grows the heap and RSS about as much as the 10,000-row one, not ten times as much.
// "retained" is the heap after a forced collection at every 10th chunk: what the export holds on to.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { printTable, runBench } from "./format";
import { openBenchDatabase } from "./bench-database";

const SIZES = [10_000, 100_000];
const FORMATS = ["csv", "jsonl"] as const;
const MB = 1024 * 1024;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

async function main(): Promise<void> {
  const { db, close } = await openBenchDatabase();
  const { insertRun } = await import("@/lib/server/runs/create-run");
  const { createApiKeyFor, createUser } = await import("@/lib/server/auth/users");
  const { createLeadsDataset } = await import("../support/fixtures");
  const { GET } = await import("@/app/api/runs/[id]/export/route");

  try {
    await createUser({ email: "bench@export.bench", password: "bench-password-1", role: "reviewer" });
    const { key } = await createApiKeyFor({ email: "bench@export.bench", name: "bench" });
    const runs = new Map<number, string>();
    for (const size of SIZES) {
      const dataset = await createLeadsDataset(size, `export-${size}`);
      const run = await insertRun({ datasetId: dataset.id, kind: "full", prompt: { template: "Classify: {{title}} {{notes}}" }, useCache: false });
      await db.run.update({ where: { id: run.id }, data: { status: "cancelled" } });
      await db.runItem.updateMany({
        where: { runId: run.id },
        data: { status: "completed", output: "Qualified: a decision-maker asking about pricing, worth a call this week.", attempts: 1, tokensIn: 40, tokensOut: 16, costNanos: 15_000, latencyMs: 380 },
      });
      runs.set(size, run.id);
    }

    const rows: (string | number)[][] = [];
    const results = new Map<string, { seconds: number; retained: number }>();
    for (const format of FORMATS) {
      for (const size of SIZES) {
        const runId = runs.get(size) ?? "";
        gc();
        const heapBefore = process.memoryUsage().heapUsed;
        const rssBefore = process.memoryUsage().rss;
        let peakHeap = heapBefore;
        let peakRss = rssBefore;
        let retained = heapBefore;
        let bytes = 0;
        let chunks = 0;
        let pausedMs = 0;
        const started = performance.now();
        const request = new Request(`http://localhost/api/runs/${runId}/export?format=${format}`, { headers: { authorization: `Bearer ${key}` } });
        const response = await GET(request, { params: Promise.resolve({ id: runId }) });
        if (response.status !== 200) throw new Error(`export answered ${response.status}: ${await response.text()}`);
        const reader = (response.body as ReadableStream<Uint8Array>).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          bytes += value.byteLength;
          const memory = process.memoryUsage();
          peakHeap = Math.max(peakHeap, memory.heapUsed);
          peakRss = Math.max(peakRss, memory.rss);
          if (++chunks % 10 === 0) {
            // The collection is the benchmark's, not the export's: left out of the time.
            const collecting = performance.now();
            gc();
            retained = Math.max(retained, process.memoryUsage().heapUsed);
            pausedMs += performance.now() - collecting;
          }
        }
        const seconds = (performance.now() - started - pausedMs) / 1000;
        results.set(`${format}:${size}`, { seconds, retained: retained - heapBefore });
        rows.push([
          `${format}, ${size.toLocaleString("en-US")} items`,
          seconds.toFixed(2),
          Math.round(size / seconds).toLocaleString("en-US"),
          (bytes / MB).toFixed(1),
          ((peakHeap - heapBefore) / MB).toFixed(1),
          ((retained - heapBefore) / MB).toFixed(1),
          ((peakRss - rssBefore) / MB).toFixed(1),
        ]);
      }
    }
    const notes = FORMATS.map((format) => {
      const small = results.get(`${format}:${SIZES[0]}`);
      const large = results.get(`${format}:${SIZES[1]}`);
      if (!small || !large) return "";
      return `${format}: 10× the items took ${(large.seconds / small.seconds).toFixed(1)}× the time; retained heap ${(small.retained / MB).toFixed(1)} → ${(large.retained / MB).toFixed(1)} MB`;
    });
    printTable(
      "Export through GET /api/runs/:id/export (SQLite)",
      ["export", "seconds", "rows/s", "MB out", "peak heap +MB", "retained heap +MB", "peak RSS +MB"],
      rows,
      notes,
    );
  } finally {
    await close();
  }
}

runBench(main);
