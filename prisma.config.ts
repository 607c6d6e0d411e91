// Read by the Prisma CLI only, e.g. `prisma migrate deploy --schema prisma/sqlite/schema.prisma` on a
// machine that has Prisma's native engine. The app, `npm run db:migrate` and `db:generate` do not
// need it. Prisma 7 takes the datasource URL from here instead of from the schema file.
import { defineConfig } from "prisma/config";
import { databaseProvider, resolveSqlitePath } from "./lib/database-url";
import { env } from "./lib/env";

// Relative SQLite paths mean "from the project root" in Batchwise; hand Prisma an absolute one
// so it cannot resolve them against the schema's folder instead.
const url =
  databaseProvider(env.DATABASE_URL) === "sqlite" ? `file:${resolveSqlitePath(env.DATABASE_URL)}` : env.DATABASE_URL;

export default defineConfig({ datasource: { url } });
