// The per-database half of lib/server/migrations.ts: what SQLite and PostgreSQL each do their own way.
import "server-only";
import type { MigrationFile } from "./migration-files";

/** One row of _prisma_migrations, as far as deciding what to apply needs it. */
export interface MigrationRow {
  migrationName: string;
  checksum: string;
  startedAt: string;
  finished: boolean;
  rolledBack: boolean;
  logs: string | null;
}

/** What each database does differently; the decisions are shared in lib/migrations.ts. */
export interface MigrationStore {
  /** Creates _prisma_migrations with Prisma's own DDL when it is missing. */
  ensureTable(): Promise<void>;
  rows(): Promise<MigrationRow[]>;
  /** Records the start, runs the script (in a transaction), records the end or the failure's text. */
  apply(file: MigrationFile): Promise<void>;
  close(): Promise<void>;
}

export class MigrationError extends Error {
  override name = "MigrationError";
}
