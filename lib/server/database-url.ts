// What a DATABASE_URL points at. Shared by lib/server/db.ts (the client) and lib/server/migrations.ts (the
// applier) so both open the same file; no Prisma or Next imports, so scripts can use it too.
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export type DatabaseProvider = "sqlite" | "postgresql";

/** The embedded default: a SQLite file in the data directory. */
export const DEFAULT_DATABASE_URL = "file:./.data/batchwise.db";

export function databaseProvider(url: string): DatabaseProvider {
  if (url.startsWith("file:")) return "sqlite";
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return "postgresql";
  const scheme = url.split(":")[0] ?? "";
  throw new Error(
    `Unsupported DATABASE_URL scheme "${scheme}:": use file:./path.db (SQLite) or postgres://… (PostgreSQL).`,
  );
}

/** prisma/<dir>/ and lib/server/generated/<dir>/ hold each provider's schema, migrations and client. */
export function providerDir(provider: DatabaseProvider): "sqlite" | "postgres" {
  return provider === "postgresql" ? "postgres" : "sqlite";
}

/**
 * `file:./rel.db` is relative to `root` (the project root, where every command runs), not to the
 * schema file as in older Prisma; `file:/abs.db` and `file:///abs.db` are absolute.
 */
export function resolveSqlitePath(url: string, root: string = process.cwd()): string {
  if (databaseProvider(url) !== "sqlite") throw new Error("Not a SQLite URL (file:…)");
  const withoutQuery = url.replace(/\?.*$/, "");
  if (withoutQuery.startsWith("file://")) return fileURLToPath(withoutQuery);
  const path = withoutQuery.slice("file:".length);
  if (!path) throw new Error(`DATABASE_URL "${url}" has no file path.`);
  return isAbsolute(path) ? path : resolve(root, path);
}

/** The `?schema=` of a PostgreSQL URL (Prisma's convention), if any. */
export function postgresSchema(url: string): string | undefined {
  return new URL(url).searchParams.get("schema") ?? undefined;
}

/** For log lines: where the data lives, without credentials. */
export function describeDatabase(url: string): string {
  if (databaseProvider(url) === "sqlite") return `sqlite (${resolveSqlitePath(url)})`;
  const parsed = new URL(url);
  const host = parsed.host || parsed.searchParams.get("host") || "localhost";
  return `postgresql (${host}${parsed.pathname})`;
}
