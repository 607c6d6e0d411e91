// Vitest setup file: on SQLite each worker gets its own copy of the migrated test database. SQLite has
// one writer per file and the app is built to be that one writer in its process; two workers sharing
// a file wait on each other's write locks (synchronously, in better-sqlite3), which is a test
// artefact, not something a deployment meets. PostgreSQL stays shared, as a server would be.
import fs from "node:fs";

const shared = process.env.DATABASE_URL ?? "";
const worker = process.env.VITEST_POOL_ID;

if (shared.startsWith("file:") && worker && !shared.includes("-worker")) {
  const path = shared.slice("file:".length);
  const own = `${path.replace(/\.db$/, "")}-worker${worker}.db`;
  if (!fs.existsSync(own)) {
    // The migrated file and its write-ahead log, if global setup left one, together.
    for (const suffix of ["", "-wal"]) if (fs.existsSync(path + suffix)) fs.copyFileSync(path + suffix, own + suffix);
  }
  process.env.DATABASE_URL = `file:${own}`;
}
