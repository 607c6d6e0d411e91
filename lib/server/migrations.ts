// Applies the committed migrations through the app's own driver and records them in
// _prisma_migrations exactly as `prisma migrate deploy` does, so either tool can take over.
import "server-only";
import { databaseProvider } from "./database-url";
import { checksumMatches, migrationsDir, readMigrationFiles, type MigrationFile } from "./migration-files";
import { openPostgresMigrationStore } from "./migrations-postgres";
import { MigrationError, type MigrationRow } from "./migration-store";
import { openSqliteMigrationStore } from "./migrations-sqlite";

export { MigrationError };

export interface ApplyOptions {
  /** Defaults to prisma/<provider>/migrations under the current directory. */
  migrationsDir?: string;
}

export async function applyMigrations(databaseUrl: string, options: ApplyOptions = {}): Promise<{ applied: string[] }> {
  const provider = databaseProvider(databaseUrl);
  const files = readMigrationFiles(options.migrationsDir ?? migrationsDir(provider));
  const store =
    provider === "sqlite" ? await openSqliteMigrationStore(databaseUrl) : await openPostgresMigrationStore(databaseUrl);
  try {
    await store.ensureTable();
    const pending = pendingMigrations(files, await store.rows());
    const applied: string[] = [];
    for (const file of pending) {
      await store.apply(file);
      applied.push(file.name);
    }
    return { applied };
  } finally {
    await store.close();
  }
}

/** The files not yet applied, after refusing to go on past a failure or an edited migration. */
export function pendingMigrations(files: MigrationFile[], rows: MigrationRow[]): MigrationFile[] {
  // Rows marked rolled back stay as an audit trail but count for nothing, as in Prisma.
  const live = rows.filter((row) => !row.rolledBack);
  const failed = live.find((row) => !row.finished);
  if (failed) {
    throw new MigrationError(
      `Migration ${failed.migrationName} failed (started ${failed.startedAt}), so no further migrations are applied.\n` +
        `Its error: ${failed.logs ?? "(none recorded)"}\n` +
        "The failed script ran in a transaction and was rolled back. Fix the cause, then mark it rolled back " +
        `(UPDATE "_prisma_migrations" SET "rolled_back_at" = CURRENT_TIMESTAMP WHERE "migration_name" = '${failed.migrationName}'; ` +
        `or: prisma migrate resolve --rolled-back ${failed.migrationName}) and run npm run db:migrate again.`,
    );
  }
  const appliedByName = new Map(live.map((row) => [row.migrationName, row]));
  for (const file of files) {
    const row = appliedByName.get(file.name);
    if (row && !checksumMatches(file, row.checksum)) {
      throw new MigrationError(
        `Migration ${file.name} was modified after it was applied (checksum ${row.checksum} in the database, ` +
          `${file.checksum} on disk). Restore the committed migration.sql and put further changes in a new migration ` +
          "(npm run db:migration:new -- <name>).",
      );
    }
  }
  return files.filter((file) => !appliedByName.has(file.name));
}
