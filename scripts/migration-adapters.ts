// Driver adapter factories for the WebAssembly schema engine, with the fixes it needs on top of
// the stock adapters (Prisma's native engine cannot be downloaded here).
import { randomUUID } from "node:crypto";
import pg from "pg";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { postgresSchema } from "../lib/server/database-url";
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
} from "@prisma/driver-adapter-utils";

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/** SQLite; the shadow database is in memory, so diffs need nothing on disk. */
export function sqliteMigrationFactory(databasePath: string): SqlMigrationAwareDriverAdapterFactory {
  const stock = new PrismaBetterSqlite3({ url: databasePath });
  return {
    provider: stock.provider,
    adapterName: stock.adapterName,
    connect: async () => withScriptFallback(await stock.connect()),
    connectToShadowDb: async () => withScriptFallback(await stock.connectToShadowDb()),
  };
}

// The engine replays whole migration scripts through executeRaw on the shadow database;
// better-sqlite3 prepares one statement at a time, so hand those scripts to exec() instead.
function withScriptFallback(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const isScript = (query: SqlQuery, error: unknown) =>
    query.args.length === 0 && error instanceof Error && /more than one statement/.test(error.message);
  const emptyResult: SqlResultSet = { columnNames: [], columnTypes: [], rows: [] };
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    async queryRaw(query) {
      try {
        return await adapter.queryRaw(query);
      } catch (error) {
        if (!isScript(query, error)) throw error;
        await adapter.executeScript(query.sql);
        return emptyResult;
      }
    },
    async executeRaw(query) {
      try {
        return await adapter.executeRaw(query);
      } catch (error) {
        if (!isScript(query, error)) throw error;
        await adapter.executeScript(query.sql);
        return 0;
      }
    },
    executeScript: (script) => adapter.executeScript(script),
    startTransaction: (isolationLevel) => adapter.startTransaction(isolationLevel),
    getConnectionInfo: () => adapter.getConnectionInfo?.() ?? { supportsRelationJoins: false },
    dispose: () => adapter.dispose(),
  };
}

/**
 * PostgreSQL. `url` is the database to inspect; the engine queries it on start-up (server version)
 * even for pure diffs, so any database on the right server will do then. The shadow database is
 * a throwaway one created on the server of `shadowUrl` (adapter-pg's own shadow handling
 * misbehaves) and dropped again by `dispose()`.
 */
export function postgresMigrationFactory(options: {
  url?: string;
  shadowUrl?: string;
}): SqlMigrationAwareDriverAdapterFactory & { dispose(): Promise<void> } {
  const { url, shadowUrl } = options;
  const cleanups: Array<() => Promise<void>> = [];
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    async connect() {
      if (!url) throw new Error("No target database was given for this operation.");
      return wholeScripts(charAsTextPool(url), postgresSchema(url));
    },
    async connectToShadowDb() {
      if (!shadowUrl) throw new Error("This operation needs a shadow database: set SHADOW_DATABASE_URL.");
      const { url: shadowDbUrl, drop } = await createThrowawayDatabase(shadowUrl);
      cleanups.push(drop);
      return wholeScripts(charAsTextPool(shadowDbUrl), postgresSchema(shadowDbUrl));
    },
    async dispose() {
      for (const cleanup of cleanups.splice(0)) await cleanup();
    },
  };
}

// adapter-pg's executeScript splits a script at every ";", which cuts a function body in
// dollar quotes apart (the run_counters trigger has one). The server splits scripts correctly
// itself: send them whole, as the app's own applier (lib/server/migrations-postgres.ts) does.
async function wholeScripts(pool: pg.Pool, schema: string | undefined): Promise<SqlDriverAdapter> {
  const adapter = await new PrismaPg(pool, { disposeExternalPool: true, schema }).connect();
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => adapter.queryRaw(query),
    executeRaw: (query) => adapter.executeRaw(query),
    executeScript: async (script) => {
      await pool.query(script);
    },
    startTransaction: (isolationLevel) => adapter.startTransaction(isolationLevel),
    getConnectionInfo: () => adapter.getConnectionInfo?.() ?? { supportsRelationJoins: true },
    dispose: () => adapter.dispose(),
  };
}

async function createThrowawayDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `batchwise_shadow_${randomUUID().replace(/-/g, "")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  // Replayed migrations land in the URL's ?schema=, as they do on the real database.
  const schema = postgresSchema(serverUrl);
  if (schema) {
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '""')}"`).finally(() => client.end());
  }
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

// adapter-pg 7.10 has no column type for PostgreSQL's internal "char" (pg_catalog columns such as
// relkind and contype) and rejects every catalog query the engine makes; it is text in practice.
function charAsTextPool(connectionString: string): pg.Pool {
  // Unqualified names in migration scripts must resolve to the URL's ?schema=, as with Prisma's own engine.
  const schema = postgresSchema(connectionString);
  const options = schema ? `-c search_path="${schema.replace(/"/g, '""')}"` : undefined;
  return new pg.Pool({ connectionString, options, Client: CharAsTextClient });
}

class CharAsTextClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    // query() is overloaded (promise or callback); wrap both forms without retyping them all.
    Reflect.set(this, "query", (...args: unknown[]) => {
      const callback = args.at(-1);
      if (typeof callback === "function") {
        args[args.length - 1] = (error: unknown, result: unknown) => callback(error, relabelChar(result));
        return query(...args);
      }
      const pending = query(...args);
      return pending instanceof Promise ? pending.then(relabelChar) : pending;
    });
  }
}

function relabelChar(result: unknown): unknown {
  const results = Array.isArray(result) ? result : [result];
  for (const each of results) {
    const fields: unknown = each && typeof each === "object" ? Reflect.get(each, "fields") : undefined;
    if (!Array.isArray(fields)) continue;
    for (const field of fields) {
      if (field && typeof field === "object" && Reflect.get(field, "dataTypeID") === PG_CHAR_OID) {
        Reflect.set(field, "dataTypeID", PG_TEXT_OID);
      }
    }
  }
  return result;
}
