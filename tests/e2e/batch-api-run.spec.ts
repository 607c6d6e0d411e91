// A batch-mode run in chromium against the built app and its simulator's Batch API: from an
// approved sample, the full run is launched with "Batch API" switched on, its remote batches are
// watched from validating to completed, and the report shows the saving.
import path from "node:path";
import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";

const SHOTS = process.env.SHOTS_DIR ?? path.resolve(process.cwd(), "test-output/screenshots");
mkdirSync(SHOTS, { recursive: true });
const ROWS = 120;

function leadsCsv(): string {
  const tag = Date.now().toString(36);
  return ["name,title,notes", ...Array.from({ length: ROWS }, (_, i) => `Person ${i},${i % 3 ? "CTO" : "Intern"},"asked about pricing, note ${i} (${tag})"`)].join("\n");
}

async function shots(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}-laptop.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, `${name}-phone.png`), fullPage: true });
  const overflowing = await page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="remote-batches-card"], [data-testid="run-mode-field"]')].filter((el) => el.getBoundingClientRect().right > 390.5).length,
  );
  expect(overflowing).toBe(0);
  await page.setViewportSize({ width: 1366, height: 768 });
}

test("a full run through the Batch API, watched until its remote batch completes", async ({ page }) => {
  const upload = await page.request.post("/api/datasets", { multipart: { file: { name: "batch-leads.csv", mimeType: "text/csv", buffer: Buffer.from(leadsCsv()) } } });
  expect(upload.status()).toBe(201);
  const { id: datasetId } = (await upload.json()) as { id: string };
  const sample = await page.request.post("/api/runs", {
    data: { datasetId, kind: "sample", sampleSize: 5, prompt: { template: "Qualify this lead. Title: {{title}}. Notes: {{notes}}" }, errorThreshold: 1 },
  });
  const { id: sampleId } = (await sample.json()) as { id: string };
  await page.goto(`/runs/${sampleId}`);
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "completed", { timeout: 60_000 });

  // The trade is explained where the choice is made.
  const field = page.getByTestId("run-mode-field");
  await expect(field).toContainText("Results as they come");
  await field.getByRole("switch", { name: "Batch API" }).click();
  await expect(field).toContainText("billed at half the price, results usually within hours and at most 24 h");
  await shots(page, "batch-api-launch");
  await page.getByRole("button", { name: "Launch full run" }).click();
  await expect(page).not.toHaveURL(new RegExp(`/runs/${sampleId}$`));

  const card = page.getByTestId("remote-batches-card");
  await expect(page.getByText("Batch API", { exact: true }).first()).toBeVisible();
  await expect(card.getByTestId("remote-batch-status").first()).toHaveText(/validating|in progress \d+\/\d+/, { timeout: 30_000 });
  await shots(page, "batch-api-waiting");

  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "completed", { timeout: 90_000 });
  await expect(card.getByTestId("remote-batch-status").first()).toHaveText("completed");
  await expect(page.getByTestId("batch-api-saving")).toContainText(/answers for \$[\d.]+ instead of \$[\d.]+ synchronously, saving \$[\d.]+/);
  await shots(page, "batch-api-done");
});
