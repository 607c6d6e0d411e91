// _prisma_migrations bookkeeping and migration runs on SQLite, through better-sqlite3.
import "server-only";
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { resolveSqlitePath } from "./database-url";
import type { MigrationFile } from "./migration-files";
import { MigrationError, type MigrationRow, type MigrationStore } from "./migration-store";

// Byte for byte the DDL of Prisma's schema engine (sqlite flavour).
const CREATE_TABLE = `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);
`;

/** The text form Prisma's driver adapter writes for DateTime values on SQLite. */
function now(): string {
  return new Date().toISOString().replace("Z", "+00:00");
}

interface RawRow {
  migration_name: string;
  checksum: string;
  started_at: string | number;
  finished_at: string | number | null;
  rolled_back_at: string | number | null;
  logs: string | null;
}

export async function openSqliteMigrationStore(url: string): Promise<MigrationStore> {
  const path = resolveSqlitePath(url);
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);

  return {
    async ensureTable() {
      const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
      if (!exists) db.exec(CREATE_TABLE);
    },

    async rows(): Promise<MigrationRow[]> {
      const rows = db
        .prepare(
          'SELECT "migration_name", "checksum", "started_at", "finished_at", "rolled_back_at", "logs" FROM "_prisma_migrations" ORDER BY "started_at"',
        )
        .all() as RawRow[];
      return rows.map((row) => ({
        migrationName: row.migration_name,
        checksum: row.checksum,
        startedAt: String(row.started_at),
        finished: row.finished_at !== null,
        rolledBack: row.rolled_back_at !== null,
        logs: row.logs,
      }));
    },

    async apply(file: MigrationFile) {
      const id = randomUUID();
      db.prepare('INSERT INTO "_prisma_migrations" ("id", "checksum", "started_at", "migration_name") VALUES (?, ?, ?, ?)').run(
        id,
        file.checksum,
        now(),
        file.name,
      );
      // PRAGMA foreign_keys is a no-op inside a transaction, yet Prisma's table-rebuilding scripts
      // rely on it being off (else DROP TABLE cascades into child rows): switch it off around the
      // transaction and check the keys ourselves before committing.
      db.pragma("foreign_keys = OFF");
      try {
        db.exec("BEGIN");
        db.exec(file.script);
        const violations = db.pragma("foreign_key_check") as unknown[];
        if (violations.length > 0) throw new Error(`${violations.length} foreign key violation(s) after the migration`);
        db.prepare('UPDATE "_prisma_migrations" SET "finished_at" = ?, "applied_steps_count" = 1 WHERE "id" = ?').run(
          now(),
          id,
        );
        db.exec("COMMIT");
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        const message = error instanceof Error ? error.message : String(error);
        db.prepare('UPDATE "_prisma_migrations" SET "logs" = ? WHERE "id" = ?').run(message, id);
        throw new MigrationError(`Migration ${file.name} failed and was rolled back: ${message}`, { cause: error });
      } finally {
        db.pragma("foreign_keys = ON");
      }
    },

    async close() {
      db.close();
    },
  };
}
