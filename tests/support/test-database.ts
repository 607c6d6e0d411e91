// A clean, migrated test database. Refuses anything that is not on this machine: tests truncate.
import fs from "node:fs";
import pg from "pg";
import { applyMigrations } from "@/lib/server/migrations";
import { postgresSchema, resolveSqlitePath } from "@/lib/server/database-url";

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
    const schema = `"${(postgresSchema(url) ?? "public").replaceAll('"', '""')}"`;
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema};`);
    await client.end();
  }
  await applyMigrations(url);
}

/** A second, empty database beside `url` for a spawned app server: a new file, or a new schema. */
export function siblingDatabaseUrl(url: string, name: string): string {
  if (url.startsWith("file:")) return `file:${resolveSqlitePath(url).replace(/\.db$/, "")}-${name}.db`;
  const parsed = new URL(url);
  parsed.searchParams.set("schema", name);
  return parsed.toString();
}
