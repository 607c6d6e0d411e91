// npm run db:migrate: applies prisma/<provider>/migrations to DATABASE_URL (offline, through the
// app's own driver). Plain Node: nothing Next-specific may be imported here.
import { describeDatabase } from "../lib/server/database-url";
import { env } from "../lib/server/env";
import { applyMigrations } from "../lib/server/migrations";

async function main(): Promise<void> {
  const { applied } = await applyMigrations(env.DATABASE_URL);
  const where = describeDatabase(env.DATABASE_URL);
  if (applied.length === 0) {
    console.log(`Database is up to date: ${where}`);
    return;
  }
  const noun = applied.length === 1 ? "migration" : "migrations";
  console.log(`Applied ${applied.length} ${noun} to ${where}:`);
  for (const name of applied) console.log(`  ${name}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
