#!/usr/bin/env node
// `npm test`: the whole suite, in the order a failure is cheapest to find.
//   1. generate the Prisma clients, type-check, build the app (the browser and API tests use the build)
//   2. Vitest (unit + integration) on a fresh SQLite file
//   3. the integration tests again on PostgreSQL: TEST_POSTGRES_URL, or a throwaway local cluster
//   4. Playwright in Debian's chromium against the built app
// It ends with one line "N passed, N failed" over every suite that ran.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "test-output");
fs.mkdirSync(out, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(label, command, args, env = {}) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) failures.push(label);
  return result.status === 0;
}

function countVitest(file) {
  if (!fs.existsSync(file)) return;
  const report = JSON.parse(fs.readFileSync(file, "utf8"));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
}

function countPlaywright(file) {
  if (!fs.existsSync(file)) return;
  const { stats } = JSON.parse(fs.readFileSync(file, "utf8"));
  totals.passed += stats.expected + (stats.flaky ?? 0);
  totals.failed += stats.unexpected;
  totals.skipped += stats.skipped;
}

function postgresUrl() {
  if (process.env.TEST_POSTGRES_URL) return process.env.TEST_POSTGRES_URL;
  const started = spawnSync("bash", ["scripts/postgres-cluster.sh", "start"], { cwd: root, encoding: "utf8" });
  if (started.status === 0) return started.stdout.trim();
  const why = (started.stderr || "").trim();
  if (process.env.CI) {
    failures.push(`PostgreSQL could not be started: ${why}`);
  } else {
    console.log(`\n⚠ Skipping the PostgreSQL pass: ${why}`);
  }
  return null;
}

// The sample and awkward CSVs the tests read live in ../shared beside the checkout (as in CI).
const sharedData = path.resolve(root, "../shared/data");
if (!fs.existsSync(sharedData)) {
  console.error(`The test data folder ${sharedData} is missing: the tests expect ../shared/data beside the checkout.`);
  process.exit(1);
}

const vitest = path.join(root, "node_modules/.bin/vitest");
const ready =
  run("prisma generate", "npm", ["run", "--silent", "db:generate"]) &&
  run("type-check", "npx", ["tsc", "--noEmit"]) &&
  run("next build", "npm", ["run", "--silent", "build"], { NEXT_TELEMETRY_DISABLED: "1" });

if (ready) {
  for (const f of fs.readdirSync(out).filter((f) => f.endsWith(".json"))) fs.rmSync(path.join(out, f));
  const sqliteReport = path.join(out, "vitest-sqlite.json");
  run("vitest on SQLite", vitest, ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${sqliteReport}`]);
  countVitest(sqliteReport);

  const pgUrl = postgresUrl();
  if (pgUrl) {
    const pgReport = path.join(out, "vitest-postgres.json");
    run("vitest integration on PostgreSQL", vitest, ["run", "tests/integration", "--reporter=default", "--reporter=json", `--outputFile.json=${pgReport}`], {
      TEST_DATABASE_URL: pgUrl,
    });
    countVitest(pgReport);
  }

  const pwReport = path.join(out, "playwright.json");
  run("playwright (chromium)", path.join(root, "node_modules/.bin/playwright"), ["test"], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwReport });
  countPlaywright(pwReport);
}

if (failures.length > 0) console.log(`\nFailed: ${failures.join("; ")}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length > 0 || totals.failed > 0 || totals.passed === 0 ? 1 : 0);
