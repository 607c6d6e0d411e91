// _prisma_migrations bookkeeping and migration runs on PostgreSQL, through pg.
import "server-only";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { postgresSchema } from "./database-url";
import type { MigrationFile } from "./migration-files";
import { MigrationError, type MigrationRow, type MigrationStore } from "./migration-store";

// Byte for byte the DDL of Prisma's schema engine (postgres flavour).
const CREATE_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
`;

/** The advisory lock key Prisma's engine takes, so we and `prisma migrate deploy` never race. */
const PRISMA_MIGRATE_LOCK = 72707369;

interface RawRow {
  migration_name: string;
  checksum: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function openPostgresMigrationStore(url: string): Promise<MigrationStore> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Prisma's `?schema=` names the schema that holds the tables (and _prisma_migrations).
    const schema = postgresSchema(url);
    if (schema) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await client.query(`SET search_path TO ${quoteIdent(schema)}`);
    }
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
  } catch (error) {
    await client.end();
    throw error;
  }

  return {
    async ensureTable() {
      const { rows } = await client.query<{ exists: boolean }>(
        "SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists",
      );
      if (!rows[0]?.exists) await client.query(CREATE_TABLE);
    },

    async rows(): Promise<MigrationRow[]> {
      const { rows } = await client.query<RawRow>(
        "SELECT migration_name, checksum, started_at, finished_at, rolled_back_at, logs FROM _prisma_migrations ORDER BY started_at",
      );
      return rows.map((row) => ({
        migrationName: row.migration_name,
        checksum: row.checksum,
        startedAt: row.started_at.toISOString(),
        finished: row.finished_at !== null,
        rolledBack: row.rolled_back_at !== null,
        logs: row.logs,
      }));
    },

    async apply(file: MigrationFile) {
      const id = randomUUID();
      await client.query(
        "INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name) VALUES ($1, $2, $3, $4)",
        [id, file.checksum, new Date(), file.name],
      );
      try {
        await client.query("BEGIN");
        // No parameters: pg sends it as one simple query, which may hold many statements.
        await client.query(file.script);
        await client.query("UPDATE _prisma_migrations SET finished_at = $1, applied_steps_count = 1 WHERE id = $2", [
          new Date(),
          id,
        ]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        const message = error instanceof Error ? error.message : String(error);
        await client.query("UPDATE _prisma_migrations SET logs = $1 WHERE id = $2", [message, id]);
        throw new MigrationError(`Migration ${file.name} failed and was rolled back: ${message}`, { cause: error });
      }
    },

    async close() {
      try {
        await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK]);
      } finally {
        await client.end();
      }
    },
  };
}
