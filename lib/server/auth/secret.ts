// The secret better-auth signs and encrypts with: BETTER_AUTH_SECRET, or one generated once into the
// data directory so `npm run app` needs no configuration. `next start` is a production server, so
// production generates too rather than refusing to start; it says so in the log (the path, never the
// value), since several instances on one PostgreSQL database must share one BETTER_AUTH_SECRET.
import "server-only";
import { env } from "@/lib/server/env";
import { secretInDataDirectory } from "@/lib/server/data-directory";

export const AUTH_SECRET_FILE = "auth-secret";

export function authSecret(): string {
  if (env.BETTER_AUTH_SECRET) return env.BETTER_AUTH_SECRET;
  return secretInDataDirectory(AUTH_SECRET_FILE, (file) => {
    if (env.NODE_ENV === "production") {
      console.warn(`[auth] BETTER_AUTH_SECRET is unset: generated one into ${file}. Set BETTER_AUTH_SECRET when several instances share a database.`);
    }
  });
}
