// Read by the Prisma CLI only, e.g. `prisma migrate deploy --schema prisma/sqlite/schema.prisma` on a
// machine that has Prisma's native engine. The app, `npm run db:migrate` and `db:generate` do not
// need it. Prisma 7 takes the datasource URL from here instead of from the schema file.
import { defineConfig } from "prisma/config";
// database-url.ts is plain parsing: Prisma's config loader cannot import "server-only" modules.
import { DEFAULT_DATABASE_URL, databaseProvider, resolveSqlitePath } from "./lib/server/database-url";

const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;

// Relative SQLite paths mean "from the project root" in Batchwise; hand Prisma an absolute one
// so it cannot resolve them against the schema's folder instead.
const url =
  databaseProvider(databaseUrl) === "sqlite" ? `file:${resolveSqlitePath(databaseUrl)}` : databaseUrl;

export default defineConfig({ datasource: { url } });
