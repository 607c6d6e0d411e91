// Where Batchwise keeps what it generates for itself (secrets), and the one way it generates them.
import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { databaseProvider, resolveSqlitePath } from "@/lib/server/database-url";
import { env } from "@/lib/server/env";

const SECRET_BYTES = 32;

/** Next to the SQLite file (so a test database gets its own), else BATCHWISE_DATA_DIR or ./.data. */
export function dataDirectory(databaseUrl: string = env.DATABASE_URL): string {
  if (env.BATCHWISE_DATA_DIR) return resolve(env.BATCHWISE_DATA_DIR);
  if (databaseProvider(databaseUrl) === "sqlite") return dirname(resolveSqlitePath(databaseUrl));
  return resolve(".data");
}

/**
 * The secret kept in `fileName` of the data directory, generated (32 random bytes, mode 0600) the
 * first time; `onGenerated` is told the file's path (never the value) when this call made it.
 */
export function secretInDataDirectory(fileName: string, onGenerated: (file: string) => void): string {
  const file = join(dataDirectory(), fileName);
  try {
    return readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(SECRET_BYTES).toString("base64url");
  try {
    // "wx": of two processes starting at once, one writes and the other reads what it wrote.
    writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readFileSync(file, "utf8").trim();
    throw error;
  }
  onGenerated(file);
  return secret;
}
