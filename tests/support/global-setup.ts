// Vitest global setup: one fresh, migrated database for the whole run (see vitest.config.ts).
import { resetDatabase } from "./test-database";

export default async function setup() {
  const url = process.env.BATCHWISE_TEST_DATABASE_URL;
  if (!url) throw new Error("vitest.config.ts did not choose a test database");
  await resetDatabase(url);
}
