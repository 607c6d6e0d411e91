// npm run db:migration:new -- <name>: regenerates both schema files from prisma/models.prisma, then
// asks Prisma's (WebAssembly) schema engine for the SQL that takes each provider's committed
// migrations to its schema, and writes it as prisma/<provider>/migrations/<timestamp>_<name>/.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { DiffTarget } from "@prisma/schema-engine-wasm";
import { providerDir, type DatabaseProvider } from "../lib/server/database-url";
import { migrationsDir } from "../lib/server/migration-files";
import { postgresMigrationFactory, sqliteMigrationFactory } from "./migration-adapters";
import { engineMigrationList, LOCKFILE, lockfileContent, NO_FILTERS } from "./migration-list";
import { startLocalPostgres, type LocalPostgres } from "./local-postgres";
import { openSchemaEngine } from "./schema-engine";

const root = process.cwd();
const PROVIDERS: DatabaseProvider[] = ["sqlite", "postgresql"];
/** The diff exit code Prisma uses for "there are changes". */
const DIFF_HAS_CHANGES = 2;

/** Prisma's CLI slugifies names the same way: lower case words joined by "_", at most 200 chars. */
function slugify(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 200);
}

/** UTC YYYYMMDDHHMMSS, as in Prisma's folder names. */
function timestamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

// The pg shadow server: SHADOW_DATABASE_URL, else a throwaway local cluster. These are developer
// tooling settings, not app settings, so they are read here rather than in lib/env.ts.
function shadowServer(started: LocalPostgres[]): string {
  const configured = process.env.SHADOW_DATABASE_URL;
  if (configured) return configured;
  const local = startLocalPostgres();
  if (!local) {
    throw new Error(
      "Diffing the PostgreSQL migrations needs a scratch PostgreSQL server: set SHADOW_DATABASE_URL to " +
        "postgres://user@host/db of a role that may CREATE DATABASE (a temporary database is created and dropped), " +
        "or install PostgreSQL locally (initdb under /usr/lib/postgresql/<version>/bin).",
    );
  }
  started.push(local);
  return local.url;
}

async function diffProvider(provider: DatabaseProvider, started: LocalPostgres[]): Promise<string | null> {
  const schema = readFileSync(join(root, "prisma", providerDir(provider), "schema.prisma"), "utf8");
  const list = engineMigrationList(migrationsDir(provider, root), provider);
  // With no migrations yet there is nothing to replay on a shadow database.
  const from: DiffTarget = list.migrationDirectories.length > 0 ? { tag: "migrations", ...list } : { tag: "empty" };
  let factory: SqlMigrationAwareDriverAdapterFactory & { dispose?(): Promise<void> };
  if (provider === "sqlite") factory = sqliteMigrationFactory(":memory:");
  else {
    // The engine reads the server version on start-up, so even the first diff needs a server.
    const server = shadowServer(started);
    factory = postgresMigrationFactory({ url: server, shadowUrl: server });
  }
  const { engine, explain } = await openSchemaEngine(factory);
  try {
    const result = await engine.diff({
      from,
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    });
    return result.exitCode === DIFF_HAS_CHANGES ? (result.stdout ?? "") : null;
  } catch (error) {
    throw explain(error);
  } finally {
    await factory.dispose?.();
  }
}

async function main(): Promise<void> {
  const name = slugify(process.argv.slice(2).join(" "));
  if (!name) throw new Error("Usage: npm run db:migration:new -- <name>   (e.g. add_run_tags)");

  const generate = spawnSync(process.execPath, [join(root, "scripts", "db-generate.mjs")], { stdio: "inherit" });
  if (generate.status !== 0) throw new Error("db:generate failed");

  const started: LocalPostgres[] = [];
  const scripts = new Map<DatabaseProvider, string>();
  try {
    for (const provider of PROVIDERS) {
      const script = await diffProvider(provider, started);
      if (script !== null) scripts.set(provider, script);
    }
  } finally {
    for (const local of started) local.stop();
  }

  if (scripts.size === 0) {
    console.log("No schema changes");
    return;
  }
  const folder = `${timestamp(new Date())}_${name}`;
  for (const [provider, script] of scripts) {
    const dir = migrationsDir(provider, root);
    const target = join(dir, folder);
    if (existsSync(target)) throw new Error(`${relative(root, target)} already exists`);
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, "migration.sql"), script);
    writeFileSync(join(dir, LOCKFILE), lockfileContent(provider));
    console.log(`Created ${relative(root, join(target, "migration.sql"))}`);
  }
  const missing = PROVIDERS.filter((provider) => !scripts.has(provider));
  if (missing.length > 0) console.log(`No changes for ${missing.join(", ")}`);
}

// Exit explicitly: the engine leaves a timer running for several seconds after its last call.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
