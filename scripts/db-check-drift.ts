// tsx scripts/db-check-drift.ts: checks DATABASE_URL with Prisma's own (WebAssembly) schema engine,
// i.e. that `prisma migrate deploy`/`migrate dev` would accept what npm run db:migrate did.
import { describeDatabase } from "../lib/server/database-url";
import { env } from "../lib/server/env";
import { findDrift } from "./drift-check";

async function main(): Promise<number> {
  const problems = await findDrift(env.DATABASE_URL);
  const where = describeDatabase(env.DATABASE_URL);
  if (problems.length === 0) {
    console.log(`No drift: ${where} matches its migrations and schema`);
    return 0;
  }
  console.error(`Drift in ${where}:\n- ${problems.join("\n- ")}`);
  return 1;
}

// Exit explicitly: the engine leaves a timer running for several seconds after its last call.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
