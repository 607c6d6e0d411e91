// The secret better-auth signs and encrypts with: BETTER_AUTH_SECRET, or one generated once into the
// data directory so `npm run app` needs no configuration. `next start` is a production server, so
// production generates too rather than refusing to start; it says so in the log (the path, never the
// value), since several instances on one PostgreSQL database must share one BETTER_AUTH_SECRET.
import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { databaseProvider, resolveSqlitePath } from "@/lib/server/database-url";
import { env } from "@/lib/server/env";

export const AUTH_SECRET_FILE = "auth-secret";
const SECRET_BYTES = 32;

/** Next to the SQLite file (so a test database gets its own), else BATCHWISE_DATA_DIR or ./.data. */
export function dataDirectory(databaseUrl: string = env.DATABASE_URL): string {
  if (env.BATCHWISE_DATA_DIR) return resolve(env.BATCHWISE_DATA_DIR);
  if (databaseProvider(databaseUrl) === "sqlite") return dirname(resolveSqlitePath(databaseUrl));
  return resolve(".data");
}

export function authSecret(): string {
  if (env.BETTER_AUTH_SECRET) return env.BETTER_AUTH_SECRET;
  const file = join(dataDirectory(), AUTH_SECRET_FILE);
  try {
    return readFileSync(file, "utf8").trim();
  } catch (error) {
    if (!isMissingFile(error)) throw error;
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
  if (env.NODE_ENV === "production") {
    console.warn(`[auth] BETTER_AUTH_SECRET is unset: generated one into ${file}. Set BETTER_AUTH_SECRET when several instances share a database.`);
  }
  return secret;
}

function isMissingFile(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
}
