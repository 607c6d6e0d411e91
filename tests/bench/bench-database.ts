// A throwaway SQLite database for one benchmark process, migrated and named in the environment.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export async function openBenchDatabase() {
  const dir = mkdtempSync(path.join(tmpdir(), "batchwise-bench-"));
  const databaseUrl = `file:${path.join(dir, "bench.db")}`;
  // lib/server/env reads the environment once, at its first import: set it before importing anything from lib.
  Object.assign(process.env, { DATABASE_URL: databaseUrl, OPENAI_API_KEY: "", INNGEST_DEV: "", BATCHWISE_LOG: "0" });
  const { applyMigrations } = await import("@/lib/server/migrations");
  await applyMigrations(databaseUrl);
  const { db } = await import("@/lib/server/db");
  return {
    db,
    databaseUrl,
    dir,
    async close() {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
