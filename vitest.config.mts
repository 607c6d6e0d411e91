import path from "node:path";
import os from "node:os";
import { defineConfig } from "vitest/config";

// Every test run gets its own database: a fresh SQLite file unless TEST_DATABASE_URL names one
// (scripts/test.mjs points it at a throwaway PostgreSQL for the second pass of the suite).
const testDatabaseUrl =
  process.env.TEST_DATABASE_URL ?? `file:${path.join(os.tmpdir(), `batchwise-vitest-${process.pid}.db`)}`;

// Read by tests/support/global-setup.ts, which runs in this process.
process.env.BATCHWISE_TEST_DATABASE_URL = testDatabaseUrl;

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // lib/server/* imports "server-only" so a client component cannot pull it in; tests are server code.
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/worker-database.ts"],
    env: { DATABASE_URL: testDatabaseUrl, BATCHWISE_LOG: "0", NODE_ENV: "test" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration files share one database; they create their own datasets and never truncate.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
