import { defineConfig } from "@playwright/test";
import { OWNER_STATE } from "./tests/e2e/e2e-accounts";

// The built app (npm run build) on a fresh SQLite database, with the simulator failing a share of
// calls so that retries and the review queue have something to show.
// E2E_PORT lets two checkouts run the browser tests side by side.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const DATABASE_URL = "file:./test-output/e2e.db";

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [["list"], ["json", { outputFile: "test-output/playwright.json" }], ["html", { open: "never", outputFolder: "test-output/playwright-report" }]],
  // First launch (the owner's set-up) runs once, then every spec starts signed in as that owner.
  projects: [
    { name: "first-launch", testMatch: /first-launch\.setup\.ts/ },
    { name: "chromium", dependencies: ["first-launch"], use: { storageState: OWNER_STATE } },
  ],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1366, height: 768 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: `rm -f test-output/e2e.db* && node_modules/.bin/tsx --conditions=react-server scripts/db-migrate.ts && node_modules/.bin/next start -H 127.0.0.1 -p ${PORT}`,
    url: `http://127.0.0.1:${PORT}/api/meta`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: {
      DATABASE_URL,
      PORT: String(PORT),
      OPENAI_API_KEY: "",
      INNGEST_DEV: "",
      SIMULATOR_LATENCY_MS: "5",
      SIMULATOR_FAILURE_RATE: "0.25",
      SIMULATOR_RATE_LIMIT_RPM: "0",
      // Batch mode (tests/e2e/batch-api-run.spec.ts): a remote batch the page can watch go by.
      SIMULATOR_BATCH_DELAY_MS: "6000",
      BATCH_API_POLL_MS: "500",
      BATCH_API_POLL_MAX_MS: "1000",
    },
  },
});
