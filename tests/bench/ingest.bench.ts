// Ingestion speed: a generated CSV (100k rows, ~15 MB: quoted commas, doubled quotes, multi-line
// cells, non-ASCII) through the whole upload path, createDataset (encoding and dialect detection,
// parse, validation, storage), on a fresh SQLite database and, when BENCH_POSTGRES_URL is set, on
// PostgreSQL in a schema of its own. Beside it, in the same run and on the same file: papaparse
// alone with the same options (the parse-only baseline) and lib's parse without a database.
// Issue 3's target: ≥ 50k rows/s end to end, within 2× parse-only.
//
// `npx tsx --conditions=react-server tests/bench/ingest.bench.ts` or `npm run bench -- ingest`.
// BENCH_INGEST_ROWS (default 100000) and BENCH_INGEST_REPEATS (default 3) change the size and the
// number of measured rounds; each round runs every path once, so they share the machine's load.
import { mkdtempSync, rmSync, writeFileSync, createReadStream, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import Papa from "papaparse";
import pg from "pg";
import { printTable } from "./format";

const ROWS = Number(process.env.BENCH_INGEST_ROWS ?? 100_000);
const REPEATS = Number(process.env.BENCH_INGEST_REPEATS ?? 3);
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? "";
const TARGET_ROWS_PER_SECOND = 50_000;
const TARGET_RATIO = 2;
/** How often resident memory is sampled while a path runs. */
const RSS_SAMPLE_MS = 5;
/** The options lib's parser settles on for this file (comma, LF): the baseline uses the same. */
const PAPA_OPTIONS = { delimiter: ",", newline: "\n" } as const;
const MB = 1024 * 1024;

// A forced collection before each measurement makes the memory baselines comparable.
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

// mulberry32: the same file in every run.
function randomSource(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST_NAMES = ["Ana", "Bruno", "Chloé", "Dmitri", "Eve", "Farah", "Gus", "Hiro", "Inès", "Jon", "Kofi", "Lena"];
const LAST_NAMES = ["García", "O'Brien", "Smith", "Müller", "Nakamura", "Dubois", "Kowalski", "Okafor", "Silva", "Chen"];
const CITIES = ["Paris", "São Paulo", "New York, NY", "Zürich", "Lagos", "Osaka", "Kraków", "Austin, TX"];
const PLANS = ["free", "pro", "team", "enterprise"];
const WORDS = "the order arrived late but support was helpful and quick I would buy again price quality shipping box damaged refund".split(" ");

/** One header and `rows` data rows of a customer-feedback export; about 150 bytes a row. */
function generateCsv(rows: number): string {
  const random = randomSource(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const sentence = (words: number) => Array.from({ length: words }, () => pick(WORDS)).join(" ");
  const quote = (cell: string) => (/[",\n\r]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  const lines = ["id,name,email,city,plan,signup_date,amount,comment"];
  for (let i = 1; i <= rows; i++) {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const shape = random();
    let comment = sentence(8 + Math.floor(random() * 8));
    if (shape < 0.2) comment += `, ${sentence(3)}`; // a quoted comma
    else if (shape < 0.25) comment += `\n${sentence(4)}`; // a multi-line cell
    else if (shape < 0.28) comment = `She said "${sentence(3)}", then left`; // doubled quotes
    const date = `2024-${String(1 + Math.floor(random() * 12)).padStart(2, "0")}-${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`;
    lines.push(
      [String(i), `${first} ${last}`, `${first}.${last}${i}@example.com`.toLowerCase(), pick(CITIES), pick(PLANS), date, (random() * 1000).toFixed(2), comment]
        .map(quote)
        .join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

interface Sample {
  ms: number;
  rows: number;
  /** Highest resident memory seen while the path ran, minus the resident memory just before. */
  peakRssDelta: number;
}

/** Runs `task` once, timing it and sampling resident memory on an interval while it runs. */
async function measure(task: () => Promise<number>): Promise<Sample> {
  collectGarbage();
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, RSS_SAMPLE_MS);
  const started = performance.now();
  try {
    const rows = await task();
    const ms = performance.now() - started;
    peak = Math.max(peak, process.memoryUsage.rss());
    return { ms, rows, peakRssDelta: peak - before };
  } finally {
    clearInterval(sampler);
  }
}

/** papaparse's own streaming over the file on disk: rows handed over and dropped, as an uploader that only parses would. */
function parseWithPapa(file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let records = 0;
    Papa.parse<string[]>(createReadStream(file, { encoding: "utf8" }), {
      ...PAPA_OPTIONS,
      chunk: (results) => {
        records += results.data.length;
      },
      complete: () => resolve(records - 1), // the header is not a data row
      error: reject,
    });
  });
}

interface PathResult {
  label: string;
  samples: Sample[];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "batchwise-ingest-bench-"));
  // lib/server/env reads the environment once, at its first import: set it before importing anything from lib.
  const sqliteUrl = `file:${path.join(dir, "bench.db")}`;
  Object.assign(process.env, { DATABASE_URL: sqliteUrl, BATCHWISE_LOG: "0" });
  const { applyMigrations } = await import("@/lib/server/migrations");
  const { createDbClient } = await import("@/lib/server/db");
  const { createDataset } = await import("@/lib/server/datasets/create-dataset");
  const { parseCsv } = await import("@/lib/server/datasets/parse-csv");
  type DbClient = ReturnType<typeof createDbClient>;

  const csvPath = path.join(dir, "upload.csv");
  const csv = generateCsv(ROWS);
  writeFileSync(csvPath, csv);
  const bytes = readFileSync(csvPath);
  // An upload reaches createDataset as an in-memory File (the route buffers the multipart body).
  const upload = new Blob([new Uint8Array(bytes)], { type: "text/csv" });
  const warmUpload = new Blob([generateCsv(2000)], { type: "text/csv" });
  const limits = { maxBytes: 1024 * MB, maxRows: 10_000_000, maxColumns: 500, maxCellBytes: 100 * 1024 };

  const postgresSchema = `bench_ingest_${process.pid}`;
  const targets: { label: string; client: DbClient }[] = [];
  try {
    await applyMigrations(sqliteUrl);
    targets.push({ label: "upload → SQLite", client: createDbClient(sqliteUrl) });
    if (POSTGRES_URL) {
      const url = new URL(POSTGRES_URL);
      url.searchParams.set("schema", postgresSchema);
      await applyMigrations(url.toString());
      targets.push({ label: "upload → PostgreSQL", client: createDbClient(url.toString()) });
    }

    const store = async (client: DbClient, file: Blob, name: string) => {
      const created = await createDataset({ file, name }, { client, limits });
      return created.rowCount;
    };
    // Prisma's query compiler and the JIT warm up on a small file first, as in a running app.
    for (const target of targets) await store(target.client, warmUpload, "warm-up");
    await parseWithPapa(csvPath);

    const papa: PathResult = { label: "papaparse alone (baseline)", samples: [] };
    const libParse: PathResult = { label: "lib parse, no database", samples: [] };
    const uploads: PathResult[] = targets.map((target) => ({ label: target.label, samples: [] }));
    for (let round = 0; round < REPEATS; round++) {
      papa.samples.push(await measure(() => parseWithPapa(csvPath)));
      libParse.samples.push(
        await measure(async () => (await parseCsv(upload, { limits, batchRows: 2000, onRows: async () => {} })).rowCount),
      );
      for (const [i, target] of targets.entries()) {
        uploads[i]?.samples.push(await measure(() => store(target.client, upload, `bench ${round}`)));
        // Each round stores into the same empty table.
        await target.client.datasetRow.deleteMany({});
        await target.client.dataset.deleteMany({});
      }
    }

    for (const result of [papa, libParse, ...uploads]) {
      const wrong = result.samples.find((sample) => sample.rows !== ROWS);
      if (wrong) throw new Error(`${result.label} saw ${wrong.rows} rows, not ${ROWS}.`);
    }
    const best = (result: PathResult) => Math.min(...result.samples.map((sample) => sample.ms));
    const baseline = best(papa);
    const fileMb = bytes.length / MB;
    printTable(
      `Ingestion: ${ROWS.toLocaleString("en-US")} rows, ${fileMb.toFixed(1)} MB, best of ${REPEATS} rounds`,
      ["path", "rows/s", "MB/s", "wall ms (best / worst)", "peak RSS Δ MB", "× parse-only"],
      [papa, libParse, ...uploads].map((result) => {
        const ms = best(result);
        const worst = Math.max(...result.samples.map((sample) => sample.ms));
        const peak = Math.max(...result.samples.map((sample) => sample.peakRssDelta));
        return [
          result.label,
          Math.round((ROWS / ms) * 1000).toLocaleString("en-US"),
          ((fileMb / ms) * 1000).toFixed(1),
          `${ms.toFixed(0)} / ${worst.toFixed(0)}`,
          (peak / MB).toFixed(0),
          (ms / baseline).toFixed(2),
        ];
      }),
      [
        "papaparse alone: Papa.parse streaming the file from disk, same delimiter and line break, rows dropped.",
        "upload: createDataset on an in-memory Blob, as the route hands it over: detect, parse, validate, store, commit.",
        "peak RSS Δ: highest resident memory sampled every 5 ms during the path, minus just before it (the file itself excluded).",
        ...uploads.map((result) => {
          const ms = best(result);
          const rowsPerSecond = (ROWS / ms) * 1000;
          const verdict = (ok: boolean) => (ok ? "met" : "missed");
          return (
            `Target, ${result.label}: ≥ ${TARGET_ROWS_PER_SECOND / 1000}k rows/s ${verdict(rowsPerSecond >= TARGET_ROWS_PER_SECOND)}, ` +
            `≤ ${TARGET_RATIO}× parse-only ${verdict(ms / baseline <= TARGET_RATIO)}.`
          );
        }),
        ...(POSTGRES_URL ? [] : ["PostgreSQL skipped: set BENCH_POSTGRES_URL (e.g. from scripts/postgres-cluster.sh start)."]),
      ],
    );
  } finally {
    for (const target of targets) await target.client.$disconnect();
    if (POSTGRES_URL) {
      const admin = new pg.Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS "${postgresSchema}" CASCADE`);
      await admin.end();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

export default main;

// Run when executed directly; tests/bench/run.ts runs it that way too, in a process of its own.
if (process.argv[1]?.endsWith("ingest.bench.ts")) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
