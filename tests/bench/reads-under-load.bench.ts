// Reads under load: the built app (`next start`, as a user runs it) executes a 100,000-item run on
// its own zero-latency simulator at full speed while 50 clients poll it, as dashboards do (one
// request a second each): GET /api/runs/:id, GET /api/runs (with 20 earlier runs listed), a deep
// items page (rows from 90,000) by offset and by cursor, the first page of a rare status (the
// Failed / Needs review tab: the simulator fails 0.1 % of calls), and GET /api/meta, which touches
// no database and so shows what the event loop alone costs. Then again once the run has ended.
// The baseline, measured in the same run from this process: one indexed COUNT(*) of the run's
// items. A probe preloaded into the server (event-loop-probe.cjs) reports its event-loop delay.
// On SQLite, and on PostgreSQL in a schema of its own when BENCH_POSTGRES_URL (or TEST_POSTGRES_URL)
// is set. Issue 7's target: p95 ≤ 50 ms for every read, during the run and after it.
//
// Needs `npm run build` first. `npm run bench -- reads-under-load`. BENCH_READS_ITEMS (100000),
// BENCH_READS_CLIENTS (50) and BENCH_READS_SECONDS (60, the window measured during the run) change the load.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import Database from "better-sqlite3";
import pg from "pg";
import { postgresSchema, resolveSqlitePath } from "@/lib/server/database-url";
import type { ItemRow, Page, RunSummary } from "@/lib/shared/api-types";
import { startApp, type AppServer } from "../support/app-server";
import { resetDatabase, siblingDatabaseUrl } from "../support/test-database";
import { printTable, runBench } from "./format";

const ITEMS = Number(process.env.BENCH_READS_ITEMS ?? 100_000);
const CLIENTS = Number(process.env.BENCH_READS_CLIENTS ?? 50);
const DURING_MS = Number(process.env.BENCH_READS_SECONDS ?? 60) * 1000;
const AFTER_MS = 20_000;
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? "";
/** The dashboard's poll interval (lib/client/queries.ts LIVE_POLL_MS): each client sends one request per tick. */
const POLL_MS = 1000;
/** Earlier runs in the list, so GET /api/runs has more than one run to summarise. */
const HISTORY_RUNS = 20;
const HISTORY_RUN_ITEMS = 50;
const DEEP_ROW = Math.floor(ITEMS * 0.9);
const PAGE_SIZE = 50;
const COUNT_EVERY_MS = 200;
const PROGRESS_EVERY_MS = 30_000;
const STOP_GRACE_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
const TARGET_P95_MS = 50;
const PROMPT = { template: "Classify this lead. Title: {{title}}. Notes: {{notes}}" };
/** The simulator fails this share of calls, so the run has a few items in review to page through. */
const FAILURE_RATE = 0.001;
// No retries, and the breaker off: a run paused by it would never end. (The first calls after run
// creation held the server's event loop for seconds can fail with "Connection error.": keep-alive
// sockets the server closed meanwhile. They end in review with the others.)
const RUN_SETTINGS = { kind: "full", prompt: PROMPT, useCache: false, errorThreshold: 1, maxRetries: 0 };
const ENDED = ["completed", "failed", "cancelled"];

interface Endpoint {
  label: string;
  /** `ended`: the run has ended (its failed items are then in review). */
  path: (runId: string, ended: boolean) => string;
  /** False when the answer is not what was asked for (a parameter the server does not know yet). */
  check?: (body: unknown) => boolean;
}

const firstRowIs = (row: number) => (body: unknown) => (body as Page<ItemRow>).items[0]?.rowIndex === row;

const ENDPOINTS: Endpoint[] = [
  { label: "GET /api/runs/:id", path: (id) => `/api/runs/${id}` },
  { label: `GET /api/runs (${HISTORY_RUNS + 1} runs)`, path: () => "/api/runs" },
  { label: `items from row ${DEEP_ROW.toLocaleString("en")}, offset`, path: (id) => `/api/runs/${id}/items?offset=${DEEP_ROW}&limit=${PAGE_SIZE}`, check: firstRowIs(DEEP_ROW) },
  { label: `items from row ${DEEP_ROW.toLocaleString("en")}, after=`, path: (id) => `/api/runs/${id}/items?after=${DEEP_ROW - 1}&limit=${PAGE_SIZE}`, check: firstRowIs(DEEP_ROW) },
  // The UI's Failed / Needs review tab: a rare status (about 0.1 % of the items), first page.
  { label: "items, failed / in review, first page", path: (id, ended) => `/api/runs/${id}/items?status=${ended ? "needs_review" : "failed"}&limit=${PAGE_SIZE}` },
  { label: "GET /api/meta (no database)", path: () => "/api/meta" },
];

interface Samples {
  ms: number[];
  errors: number;
  /** Answered 200 with something else than what was asked for. */
  wrong: number;
}

interface LagLine {
  pid: number;
  t: number;
  mean: number;
  p50: number;
  p99: number;
  max: number;
  /** CPU the server used in that second, in % of one core. */
  cpu: number;
}

interface Phase {
  name: string;
  seconds: number;
  /** The machine's 1-minute load average at the end: other work on it shows in every figure. */
  load: number;
  /** This process's event-loop delay while it measured. */
  clientLagMs: { mean: number; p99: number };
  samples: Map<string, Samples>;
  count: number[];
  lag: LagLine[];
  /** Items the run finished per second while the phase lasted. */
  itemsPerSecond: number | null;
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (ms: number) => (Number.isNaN(ms) ? "–" : ms < 10 ? ms.toFixed(1) : ms.toFixed(0));

async function getJson<T>(app: AppServer, urlPath: string): Promise<T> {
  const response = await app.fetch(urlPath, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`GET ${urlPath}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function postJson<T>(app: AppServer, urlPath: string, body: unknown): Promise<T> {
  const response = await app.fetch(urlPath, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`POST ${urlPath}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A leads CSV whose every row renders a distinct prompt, so nothing is pre-filtered. */
async function uploadLeads(app: AppServer, rows: number, name: string): Promise<string> {
  const lines = ["name,title,notes"];
  for (let i = 0; i < rows; i++) lines.push(`Person ${i},${i % 2 ? "CTO" : "Intern"},asked about pricing note ${i} of ${name}`);
  const form = new FormData();
  form.append("file", new File([lines.join("\n")], `${name}.csv`, { type: "text/csv" }));
  const response = await app.fetch("/api/datasets", { method: "POST", body: form });
  if (response.status !== 201) throw new Error(`upload: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** One indexed COUNT(*) of the run's items, straight through the driver: the cheapest honest read. */
async function openCounter(databaseUrl: string, runId: string) {
  const sql = `SELECT COUNT(*) AS n FROM "RunItem" WHERE "runId" = `;
  if (databaseUrl.startsWith("file:")) {
    const connection = new Database(resolveSqlitePath(databaseUrl), { readonly: true });
    const plan = connection.prepare(`EXPLAIN QUERY PLAN ${sql}?`).all(runId) as { detail: string }[];
    const count = connection.prepare(`${sql}?`);
    return {
      plan: plan.map((p) => p.detail).join("; "),
      count: async () => Number((count.get(runId) as { n: number }).n),
      close: async () => connection.close(),
    };
  }
  const url = new URL(databaseUrl);
  url.searchParams.delete("schema");
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await client.query(`SET search_path TO "${postgresSchema(databaseUrl) ?? "public"}"`);
  const plan = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${sql}$1`, [runId]);
  return {
    plan: plan.rows.map((r) => r["QUERY PLAN"].trim()).filter((l) => /Scan/.test(l)).join("; "),
    count: async () => Number((await client.query<{ n: string }>(`${sql}$1`, [runId])).rows[0]?.n),
    close: () => client.end(),
  };
}

/** Polls every endpoint from CLIENTS clients until `until()` says stop; samples the COUNT beside them. */
async function measurePhase(
  name: string,
  app: AppServer,
  runId: string,
  counter: Awaited<ReturnType<typeof openCounter>>,
  until: () => boolean,
): Promise<Phase> {
  const samples = new Map(ENDPOINTS.map((e) => [e.label, { ms: [], errors: 0, wrong: 0 } as Samples]));
  // This process's own delay is in every latency it measures: reported beside the server's.
  const clientLag = monitorEventLoopDelay({ resolution: 10 });
  clientLag.enable();
  const count: number[] = [];
  const startedAt = Date.now();
  const processedAt = async () => processed(await getJson<RunSummary>(app, `/api/runs/${runId}`));
  const processedBefore = await processedAt();
  const ended = ENDED.includes((await getJson<RunSummary>(app, `/api/runs/${runId}`)).status);

  const client = async (index: number) => {
    await sleep((index / CLIENTS) * POLL_MS); // spread the clients over the interval
    for (let tick = index; !until(); tick++) {
      const endpoint = ENDPOINTS[tick % ENDPOINTS.length] as Endpoint;
      const record = samples.get(endpoint.label) as Samples;
      const sentAt = performance.now();
      try {
        // As a signed-in client would: every poll passes the auth check too.
        const response = await app.fetch(endpoint.path(runId, ended), { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        const body = (await response.json()) as unknown;
        const ms = performance.now() - sentAt;
        if (!response.ok) record.errors++;
        else if (endpoint.check && !endpoint.check(body)) record.wrong++;
        else record.ms.push(ms);
      } catch {
        record.errors++;
      }
      await sleep(Math.max(0, POLL_MS - (performance.now() - sentAt)));
    }
  };
  const counting = (async () => {
    while (!until()) {
      const sentAt = performance.now();
      const n = await counter.count();
      count.push(performance.now() - sentAt);
      if (n !== ITEMS) throw new Error(`COUNT found ${n} items, expected ${ITEMS}`);
      await sleep(COUNT_EVERY_MS);
    }
  })();
  await Promise.all([...Array.from({ length: CLIENTS }, (_, i) => client(i)), counting]);
  clientLag.disable();
  const seconds = (Date.now() - startedAt) / 1000;
  const load = loadavg()[0] ?? Number.NaN;
  const processedAfter = await processedAt();
  const lag = lagLines(app).filter((l) => l.t >= startedAt && l.t <= startedAt + seconds * 1000);
  return { name, seconds, load, clientLagMs: { mean: clientLag.mean / 1e6, p99: clientLag.percentile(99) / 1e6 }, samples, count, lag, itemsPerSecond: processedAfter > processedBefore ? (processedAfter - processedBefore) / seconds : null };
}

const processed = (run: RunSummary) => run.counts.completed + run.counts.failed + run.counts.needs_review + run.counts.skipped;

function lagLines(app: AppServer): LagLine[] {
  return [...app.output().matchAll(/^\[event-loop-probe\] (\{.*\})$/gm)].map((m) => JSON.parse(m[1] as string) as LagLine);
}

async function waitUntil(what: string, timeoutMs: number, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

async function benchDatabase(label: string, databaseUrl: string): Promise<void> {
  await resetDatabase(databaseUrl);
  const app = await startApp({
    databaseUrl,
    resetDatabase: false,
    env: {
      SIMULATOR_LATENCY_MS: "0",
      SIMULATOR_FAILURE_RATE: String(FAILURE_RATE),
      BATCHWISE_LOG: "0",
      NODE_OPTIONS: `--require ${path.join(import.meta.dirname, "event-loop-probe.cjs")}`,
    },
  });
  let counter: Awaited<ReturnType<typeof openCounter>> | undefined;
  try {
    // Earlier runs for the list, done before the big one starts.
    const small = await uploadLeads(app, HISTORY_RUN_ITEMS, "history");
    for (let i = 0; i < HISTORY_RUNS; i++) {
      await postJson(app, "/api/runs", { datasetId: small, ...RUN_SETTINGS });
    }
    await waitUntil("the earlier runs to end", 120_000, async () =>
      (await getJson<{ items: RunSummary[] }>(app, "/api/runs")).items.every((r) => ENDED.includes(r.status)),
    );

    const big = await uploadLeads(app, ITEMS, "big");
    let started = Date.now();
    const { id: runId } = await postJson<{ id: string }>(app, "/api/runs", { datasetId: big, ...RUN_SETTINGS });
    const createSeconds = (Date.now() - started) / 1000;
    const createdAt = { from: started, to: Date.now() };
    counter = await openCounter(databaseUrl, runId);

    let status = "queued";
    let lastReport = Date.now();
    const track = async () => {
      const run = await getJson<RunSummary>(app, `/api/runs/${runId}`);
      status = run.status;
      if (Date.now() - lastReport > PROGRESS_EVERY_MS) {
        lastReport = Date.now();
        process.stderr.write(`  ${label}: ${run.progressLine}\n`);
      }
    };
    await waitUntil("the run to start", 60_000, async () => (await track(), status === "running"));
    started = Date.now();
    const tracker = setInterval(() => void track().catch(() => undefined), 1000);
    const during = await measurePhase("during the run", app, runId, counter, () => Date.now() - started > DURING_MS || ENDED.includes(status));
    await waitUntil("the run to end", 60 * 60_000, async () => ENDED.includes(status));
    clearInterval(tracker);
    const ended = await getJson<RunSummary>(app, `/api/runs/${runId}`);
    if (ended.status !== "completed" || ended.counts.completed + ended.counts.needs_review !== ITEMS) {
      throw new Error(`the run ended ${ended.status}: ${JSON.stringify(ended.counts)}`);
    }
    const runSeconds = ((Date.parse(ended.finishedAt ?? "") - Date.parse(ended.startedAt ?? "")) / 1000).toFixed(0);

    const afterStart = Date.now();
    const after = await measurePhase("after the run", app, runId, counter, () => Date.now() - afterStart > AFTER_MS);

    for (const phase of [during, after]) report(label, phase, counter.plan);
    // The probe reports each second after it ends: a stall shows in the line that follows it.
    const createStall = lagLines(app).filter((l) => l.t >= createdAt.from && l.t <= createdAt.to + 2000).map((l) => l.max);
    console.log(
      `Run: ${ITEMS.toLocaleString("en")} items created in ${createSeconds.toFixed(1)} s (the server's event loop stalled up to ${fmt(createStall.length > 0 ? Math.max(...createStall) : Number.NaN)} ms), executed in ${runSeconds} s ` +
        `(${during.itemsPerSecond?.toFixed(0) ?? "–"} items/s while polled); ${ended.counts.needs_review} in review.`,
    );
  } finally {
    await counter?.close();
    // A server whose executor is still busy (a failed benchmark) may not heed SIGTERM.
    await Promise.race([app.stop(), sleep(STOP_GRACE_MS).then(() => app.stop("SIGKILL"))]);
  }
}

function report(label: string, phase: Phase, plan: string): void {
  const countP95 = percentile(phase.count, 95);
  const rows: (string | number)[][] = [["COUNT(*) of the run's items (baseline)", phase.count.length, fmt(percentile(phase.count, 50)), fmt(countP95), fmt(Math.max(...phase.count)), "1.0×", ""]];
  for (const endpoint of ENDPOINTS) {
    const s = phase.samples.get(endpoint.label) as Samples;
    if (s.ms.length === 0) {
      rows.push([endpoint.label, 0, "–", "–", "–", "", s.wrong > 0 ? `not supported (${s.wrong} wrong pages)` : `${s.errors} errors`]);
      continue;
    }
    const p95 = percentile(s.ms, 95);
    const notes = [p95 <= TARGET_P95_MS ? "≤ 50 ms" : "over 50 ms", s.errors ? `${s.errors} errors` : "", s.wrong ? `${s.wrong} wrong` : ""];
    rows.push([endpoint.label, s.ms.length, fmt(percentile(s.ms, 50)), fmt(p95), fmt(Math.max(...s.ms)), `${(p95 / countP95).toFixed(1)}×`, notes.filter(Boolean).join(", ")]);
  }
  // The probe runs in every process NODE_OPTIONS reaches; the server is the one whose loop is busy.
  const byPid = new Map<number, LagLine[]>();
  for (const line of phase.lag) byPid.set(line.pid, [...(byPid.get(line.pid) ?? []), line]);
  const lag = [...byPid.values()].sort((a, b) => Math.max(...b.map((l) => l.max)) - Math.max(...a.map((l) => l.max)))[0] ?? [];
  const over100 = lag.filter((l) => l.max > 100).length;
  printTable(
    `Reads under load, ${label}, ${phase.name}: ${CLIENTS} clients each polling once a second for ${phase.seconds.toFixed(0)} s (ms)`,
    ["read", "n", "p50", "p95", "max", "p95 ÷ COUNT p95", ""],
    rows,
    [
      `Server event-loop delay over ${lag.length} s: mean ${fmt(avg(lag.map((l) => l.mean)))} ms, p99 ${fmt(percentile(lag.map((l) => l.p99), 50))} ms in the median second, ` +
        `worst ${fmt(Math.max(...lag.map((l) => l.max)))} ms; ${over100} s with a stall over 100 ms. Server CPU: ${avg(lag.map((l) => l.cpu)).toFixed(0)} % of a core.`,
      `Client (this process) event-loop delay: mean ${fmt(phase.clientLagMs.mean)} ms, p99 ${fmt(phase.clientLagMs.p99)} ms. ` +
        `Load average at the end: ${phase.load.toFixed(1)} on ${cpus().length} cores.`,
      `COUNT plan: ${plan}.`,
    ],
  );
}

const avg = (values: number[]) => (values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length);

async function dropSchema(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  url.searchParams.delete("schema");
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${postgresSchema(databaseUrl)}" CASCADE`);
  await client.end();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "batchwise-bench-"));
  try {
    await benchDatabase("SQLite", `file:${path.join(dir, "reads.db")}`);
    if (POSTGRES_URL) {
      // A schema of this process's own, dropped afterwards: 100,000 items are not left behind.
      const url = siblingDatabaseUrl(POSTGRES_URL, `bench_reads_${process.pid}`);
      try {
        await benchDatabase("PostgreSQL", url);
      } finally {
        await dropSchema(url);
      }
    } else console.log("\nPostgreSQL skipped: set BENCH_POSTGRES_URL (e.g. from `bash scripts/postgres-cluster.sh start`).");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

runBench(main);
