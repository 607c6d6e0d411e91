// Asks Prisma's own schema engine whether a database migrated by lib/server/migrations.ts is what
// `prisma migrate` would expect: history in order, nothing edited or failed, no schema drift.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { databaseProvider, providerDir, resolveSqlitePath } from "../lib/server/database-url";
import { migrationsDir } from "../lib/server/migration-files";
import { postgresMigrationFactory, sqliteMigrationFactory } from "./migration-adapters";
import { engineMigrationList, NO_FILTERS } from "./migration-list";
import { openSchemaEngine } from "./schema-engine";

export interface DriftOptions {
  root?: string;
  /** Defaults to prisma/<provider>/migrations under root. */
  migrationsDir?: string;
  /** PostgreSQL server for the shadow database (a temporary database is created there); defaults to the target's. */
  shadowUrl?: string;
}

/** Every problem found; an empty list means Prisma would see this database as up to date. */
export async function findDrift(databaseUrl: string, options: DriftOptions = {}): Promise<string[]> {
  const root = options.root ?? process.cwd();
  const provider = databaseProvider(databaseUrl);
  const list = engineMigrationList(options.migrationsDir ?? migrationsDir(provider, root), provider);
  const schemaFile = join(root, "prisma", providerDir(provider), "schema.prisma");
  const files = [{ path: schemaFile, content: readFileSync(schemaFile, "utf8") }];
  const factory: SqlMigrationAwareDriverAdapterFactory & { dispose?(): Promise<void> } =
    provider === "sqlite"
      ? sqliteMigrationFactory(resolveSqlitePath(databaseUrl, root))
      : postgresMigrationFactory({ url: databaseUrl, shadowUrl: options.shadowUrl ?? databaseUrl });
  const { engine, explain } = await openSchemaEngine(factory);
  const problems: string[] = [];
  try {
    const history = await engine.diagnoseMigrationHistory({ migrationsList: list, optInToShadowDatabase: true, filters: NO_FILTERS });
    if (!history.hasMigrationsTable) problems.push("no _prisma_migrations table");
    if (history.history) problems.push(`migration history: ${JSON.stringify(history.history)}`);
    if (history.failedMigrationNames.length) problems.push(`failed migrations: ${history.failedMigrationNames.join(", ")}`);
    if (history.editedMigrationNames.length) problems.push(`edited migrations: ${history.editedMigrationNames.join(", ")}`);

    // What `prisma migrate dev` decides: replay the migrations on a shadow database and compare.
    const dev = await engine.devDiagnostic({ migrationsList: list, filters: NO_FILTERS });
    if (dev.action.tag === "reset") problems.push(`prisma migrate dev would reset the database: ${dev.action.reason}`);

    const diff = await engine.diff({
      from: { tag: "schemaDatasource", files, configDir: root },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    });
    if (diff.exitCode !== 0) problems.push(`database differs from ${schemaFile}:\n${diff.stdout ?? ""}`);
  } catch (error) {
    throw explain(error);
  } finally {
    await factory.dispose?.();
  }
  return problems;
}
