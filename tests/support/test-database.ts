// A clean, migrated test database. Refuses anything that is not on this machine: tests truncate.
import fs from "node:fs";
import pg from "pg";
import { applyMigrations } from "@/lib/migrations";
import { resolveSqlitePath } from "@/lib/database-url";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]", ""]);

export function assertLocalDatabase(url: string): void {
  if (url.startsWith("file:")) return;
  const host = new URL(url).hostname;
  if (!LOCAL_HOSTS.has(host)) throw new Error(`Refusing to run tests against a non-local database (${host}).`);
}

/** Empties the database (a SQLite file is deleted; a PostgreSQL schema is dropped) and migrates it. */
export async function resetDatabase(url: string): Promise<void> {
  assertLocalDatabase(url);
  if (url.startsWith("file:")) {
    const file = resolveSqlitePath(url);
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  } else {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
    await client.end();
  }
  await applyMigrations(url);
}
