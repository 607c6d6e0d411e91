// The one Prisma client for the app. DATABASE_URL picks the database: file: → SQLite through
// better-sqlite3, postgres:// → PostgreSQL through pg. No Next-specific imports: scripts use it too.
import "server-only";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { OneWriterSqliteFactory } from "./db-sqlite-adapter";
import { PrismaClient as SqlitePrismaClient } from "@/lib/server/generated/sqlite/client";
import { PrismaClient as PostgresPrismaClient } from "@/lib/server/generated/postgres/client";
import { databaseProvider, postgresSchema, resolveSqlitePath, type DatabaseProvider } from "./database-url";
import { env } from "./env";

export { databaseProvider, resolveSqlitePath } from "./database-url";

/** The client type the app codes against, whichever database is behind it. */
export type DbClient = SqlitePrismaClient;

/**
 * What raw SQL needs to know about a client. Prisma qualifies its own queries with the URL's
 * `?schema=`; raw SQL has to do the same or it lands in whatever schema search_path names first.
 */
export interface DbTarget {
  provider: DatabaseProvider;
  /** PostgreSQL only: the schema Prisma's queries use ("public" unless the URL says otherwise). */
  schema?: string;
}

const globalForDb = globalThis as typeof globalThis & { batchwiseDb?: DbClient; batchwiseDbTargets?: WeakMap<DbClient, DbTarget> };
// On globalThis for the same reason as the client: a hot reload must still know the cached client.
const dbTargets = (globalForDb.batchwiseDbTargets ??= new WeakMap<DbClient, DbTarget>());

/** The database behind a client made by createDbClient. */
export function dbTarget(client: DbClient): DbTarget {
  const target = dbTargets.get(client);
  if (!target) throw new Error("This Prisma client was not made by createDbClient, so its database is unknown.");
  return target;
}

/** How long a SQLite writer waits for another's lock before failing with SQLITE_BUSY. */
const SQLITE_BUSY_TIMEOUT_MS = 30_000;
/** How long a transaction waits for its turn on SQLite's single connection. */
const SQLITE_TRANSACTION_MAX_WAIT_MS = 60_000;

export function createDbClient(url: string): DbClient {
  const client = openClient(url);
  const target: DbTarget =
    databaseProvider(url) === "sqlite" ? { provider: "sqlite" } : { provider: "postgresql", schema: postgresSchema(url) ?? "public" };
  dbTargets.set(client, target);
  return client;
}

function openClient(url: string): DbClient {
  if (databaseProvider(url) === "sqlite") {
    const path = resolveSqlitePath(url);
    mkdirSync(dirname(path), { recursive: true });
    enableWal(path);
    // `timeout` is better-sqlite3's busy_timeout: only another process (a migration, a script) can
    // hold the lock, since this process writes through one connection (lib/server/db-sqlite-adapter.ts).
    const connection = () => new PrismaBetterSqlite3({ url: path, timeout: SQLITE_BUSY_TIMEOUT_MS });
    return new SqlitePrismaClient({
      adapter: new OneWriterSqliteFactory(connection(), connection()),
      // SQLite has one writer: transactions queue behind a long one (a large upload or run
      // creation) instead of failing after Prisma's 2 s default wait.
      transactionOptions: { maxWait: SQLITE_TRANSACTION_MAX_WAIT_MS },
    });
  }
  const adapter = new PrismaPg({ connectionString: url }, { schema: postgresSchema(url) });
  // Both clients are generated from the same models and differ only in provider-specific typing
  // the app never uses, so one cast here lets every caller code against a single type.
  return new PostgresPrismaClient({ adapter }) as unknown as DbClient;
}

// WAL lets readers (dashboard polls) proceed while a batch writes. It is a property of the
// database file, so setting it once from a short-lived connection covers the adapter's own.
function enableWal(path: string): void {
  const connection = new Database(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    connection.pragma("journal_mode = WAL");
  } finally {
    connection.close();
  }
}

/**
 * One client per process, in every mode: Next.js bundles route handlers and instrumentation apart,
 * each with its own copy of this module, and on SQLite a second client is a second writer that
 * fights the first for the file lock. globalThis is shared by all bundles (and survives hot reloads).
 */
export const db: DbClient = (globalForDb.batchwiseDb ??= createDbClient(env.DATABASE_URL));
