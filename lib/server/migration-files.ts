// The committed migration folders, read the way Prisma reads them: prisma/<provider>/migrations/
// <name>/migration.sql, in name order, checksummed over the file's bytes.
import "server-only";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { providerDir, type DatabaseProvider } from "./database-url";

export interface MigrationFile {
  /** The folder name, e.g. 20250101120000_init: what _prisma_migrations.migration_name holds. */
  name: string;
  script: string;
  checksum: string;
}

export function migrationsDir(provider: DatabaseProvider, root: string = process.cwd()): string {
  return join(root, "prisma", providerDir(provider), "migrations");
}

export function readMigrationFiles(dir: string): MigrationFile[] {
  if (!existsSync(dir)) return [];
  return (
    readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "migration.sql")))
      .map((entry) => entry.name)
      // Prisma's CLI orders folders with localeCompare; timestamps make it plain name order.
      .sort((a, b) => a.localeCompare(b))
      .map((name) => {
        const bytes = readFileSync(join(dir, name, "migration.sql"));
        return { name, script: bytes.toString("utf8"), checksum: sha256(bytes) };
      })
  );
}

export function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Like Prisma, a file that only changed its line endings (a Git checkout on Windows) still matches. */
export function checksumMatches(file: MigrationFile, checksum: string): boolean {
  if (file.checksum === checksum) return true;
  const lf = file.script.replace(/\r\n/g, "\n");
  return sha256(lf) === checksum || sha256(lf.replace(/\n/g, "\r\n")) === checksum;
}
