// lib/server/migrations.ts against real databases, each test on a fresh one: SQLite always, PostgreSQL
// when a server is given. Prisma's own schema engine then checks the result for drift.
import { randomUUID } from "node:crypto";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import type { DatabaseProvider } from "@/lib/server/database-url";
import { migrationsDir, readMigrationFiles } from "@/lib/server/migration-files";
import { applyMigrations } from "@/lib/server/migrations";
import { findDrift } from "@/scripts/drift-check";

interface MigrationRecord {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: unknown;
  rolled_back_at: unknown;
  logs: string | null;
  applied_steps_count: number;
}

interface TestDatabase {
  url: string;
  tables(): Promise<string[]>;
  migrationRecords(): Promise<MigrationRecord[]>;
}

const MODEL_TABLES = ["Dataset", "DatasetRow", "ItemAttempt", "Run", "RunBatch", "RunItem"];
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const scratch = mkdtempSync(join(tmpdir(), "batchwise-migrations-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A private copy of the committed migrations, safe to tamper with. */
function copyMigrations(provider: DatabaseProvider): string {
  const dir = join(scratch, `migrations-${randomUUID()}`);
  cpSync(migrationsDir(provider), dir, { recursive: true });
  return dir;
}

function migrationSuite(provider: DatabaseProvider, freshDatabase: () => Promise<TestDatabase>) {
  const committed = readMigrationFiles(migrationsDir(provider));

  it("applies the committed migrations once and records them as Prisma does", async () => {
    expect(committed.length).toBeGreaterThan(0);
    const database = await freshDatabase();
    expect(await applyMigrations(database.url)).toEqual({ applied: committed.map((file) => file.name) });
    expect(await database.tables()).toEqual(expect.arrayContaining([...MODEL_TABLES, "_prisma_migrations"]));
    const records = await database.migrationRecords();
    expect(records).toHaveLength(committed.length);
    records.forEach((record, index) => {
      expect(record.migration_name).toBe(committed[index]?.name);
      expect(record.checksum).toBe(committed[index]?.checksum);
      expect(record.id).toMatch(UUID_V4);
      expect(record.finished_at).not.toBeNull();
      expect(record.rolled_back_at).toBeNull();
      expect(record.logs).toBeNull();
      expect(Number(record.applied_steps_count)).toBe(1);
    });

    expect(await applyMigrations(database.url)).toEqual({ applied: [] });
    expect(await database.migrationRecords()).toHaveLength(committed.length);
  });

  it("leaves a database Prisma's schema engine sees as up to date (no drift)", async () => {
    const database = await freshDatabase();
    await applyMigrations(database.url);
    expect(await findDrift(database.url)).toEqual([]);
  });

  it("refuses a migration edited after it was applied", async () => {
    const database = await freshDatabase();
    const dir = copyMigrations(provider);
    await applyMigrations(database.url, { migrationsDir: dir });
    appendFileSync(join(dir, committed[0]?.name ?? "", "migration.sql"), "\n-- edited afterwards\n");
    await expect(applyMigrations(database.url, { migrationsDir: dir })).rejects.toThrow(
      /was modified after it was applied/,
    );
  });

  it("rolls a failing migration back, records its error and blocks later runs", async () => {
    const database = await freshDatabase();
    const dir = copyMigrations(provider);
    const broken = "29990101000000_broken";
    mkdirSync(join(dir, broken));
    // The first statement succeeds, the second cannot: nothing of it may remain.
    writeFileSync(join(dir, broken, "migration.sql"), 'CREATE TABLE "Probe" ("id" INTEGER);\nCREATE TABLE "Dataset" ("id" INTEGER);\n');

    await expect(applyMigrations(database.url, { migrationsDir: dir })).rejects.toThrow(
      new RegExp(`Migration ${broken} failed and was rolled back`),
    );
    expect(await database.tables()).not.toContain("Probe");
    const failed = (await database.migrationRecords()).find((record) => record.migration_name === broken);
    expect(failed?.finished_at).toBeNull();
    expect(failed?.logs).toMatch(/already exists/);

    await expect(applyMigrations(database.url, { migrationsDir: dir })).rejects.toThrow(
      new RegExp(`Migration ${broken} failed .*no further migrations are applied`),
    );
  });
}

describe("migrations on SQLite", () => {
  migrationSuite("sqlite", async () => {
    // A folder that does not exist yet: the applier creates it.
    const path = join(scratch, randomUUID(), "nested", "test.db");
    const open = <T>(read: (db: Database.Database) => T): T => {
      const db = new Database(path, { readonly: true });
      try {
        return read(db);
      } finally {
        db.close();
      }
    };
    return {
      url: `file:${path}`,
      tables: async () =>
        open((db) => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]),
      migrationRecords: async () =>
        open((db) => db.prepare('SELECT * FROM "_prisma_migrations" ORDER BY "started_at"').all() as MigrationRecord[]),
    };
  });
});

// `npm test` runs the integration tests a second time with TEST_DATABASE_URL on PostgreSQL.
const postgresServer =
  process.env.TEST_POSTGRES_URL ??
  (process.env.TEST_DATABASE_URL?.startsWith("postgres") ? process.env.TEST_DATABASE_URL : undefined);

const postgresTitle = postgresServer
  ? "migrations on PostgreSQL"
  : "migrations on PostgreSQL (skipped: set TEST_POSTGRES_URL to a local server to run)";

describe.skipIf(!postgresServer)(postgresTitle, () => {
  const schemas: string[] = [];
  const server = postgresServer ?? "";
  const withClient = async <T>(use: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      return await use(client);
    } finally {
      await client.end();
    }
  };
  afterAll(() => withClient(async (client) => {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  }));

  // A fresh schema per test (Prisma's ?schema=) keeps these apart from the suite's own database.
  migrationSuite("postgresql", async () => {
    const schema = `migration_test_${randomUUID().replace(/-/g, "")}`;
    schemas.push(schema);
    const url = new URL(server);
    url.searchParams.set("schema", schema);
    return {
      url: url.toString(),
      tables: () =>
        withClient(async (client) => {
          const { rows } = await client.query<{ table_name: string }>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = $1",
            [schema],
          );
          return rows.map((row) => row.table_name);
        }),
      migrationRecords: () =>
        withClient(async (client) => {
          const { rows } = await client.query<MigrationRecord>(
            `SELECT * FROM "${schema}"."_prisma_migrations" ORDER BY started_at`,
          );
          return rows;
        }),
    };
  });
});
