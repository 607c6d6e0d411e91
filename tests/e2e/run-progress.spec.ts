// Truthful progress in chromium against the built app: a full run of leads.csv stopped by its
// budget shows what was not sent (the bar short of full, nothing counted as skipped for it), the
// pre-filtered rows apart, and continues with a raised budget to the end; a breaker pause is
// resumed with a new threshold from the run's controls. Laptop and phone screenshots.
import path from "node:path";
import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";

const LEADS = path.resolve(process.cwd(), "../shared/data/leads.csv");
const SHOTS = process.env.SHOTS_DIR ?? path.resolve(process.cwd(), "test-output/screenshots");
mkdirSync(SHOTS, { recursive: true });

/** The parts this spec is about: the run's controls, pause reason, progress card and an open dialog. */
const OURS = '[data-testid="run-controls"], [data-testid="pause-reason"], [data-testid="run-progress"], [role="dialog"]';

async function shots(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}-laptop.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, `${name}-phone.png`) });
  // None of them sticks out of a phone's screen.
  const overflowing = await page.evaluate(
    (selector) => [...document.querySelectorAll(selector)].filter((el) => el.getBoundingClientRect().right > 390.5).map((el) => el.outerHTML.slice(0, 80)),
    OURS,
  );
  expect(overflowing).toEqual([]);
  await page.setViewportSize({ width: 1366, height: 768 });
}

const count = async (page: Page, status: string) => Number((await page.getByTestId(`count-${status}`).innerText()).replace(/[^\d]/g, ""));

async function uploadLeads(page: Page): Promise<string> {
  await page.goto("/");
  await page.getByLabel("CSV file").setInputFiles(LEADS);
  const result = page.getByTestId("upload-result");
  await expect(result).toContainText("2,080 rows");
  await result.getByRole("link", { name: "Open dataset and write a prompt" }).click();
  await expect(page).toHaveURL(/\/datasets\//);
  return page.url().split("/datasets/")[1]?.split(/[?#]/)[0] ?? "";
}

async function launch(page: Page, body: Record<string, unknown>): Promise<string> {
  const response = await page.request.post("/api/runs", { data: body });
  expect(response.status()).toBe(201);
  const { id } = (await response.json()) as { id: string };
  await page.goto(`/runs/${id}`);
  return id;
}

const prompt = { template: "Qualify this lead. Title: {{title}}. Notes: {{notes}}" };

test("a budget stop names what was not sent and continues with a raised budget", async ({ page }) => {
  test.setTimeout(240_000); // a whole 2,080-row run, watched to its end
  const datasetId = await uploadLeads(page);
  // With no sample to measure, each item reserves 256 output tokens (≈ $0.00016), then the p95 of its own
  // answers, and costs ≈ $0.00002: the run sends items while their reservations fit and stops short of
  // $0.002, early enough in its first pass that the continued run has batches left to time.
  await launch(page, { datasetId, kind: "full", prompt, batchSize: 20, budgetUsd: 0.002, errorThreshold: 1, useCache: false });

  const status = page.getByTestId("run-status");
  const line = page.getByTestId("progress-line");
  await expect(status).toHaveAttribute("data-status", "paused", { timeout: 90_000 });
  await expect(page.getByTestId("pause-reason")).toContainText("Stopped by budget");
  await expect(page.getByTestId("pause-reason")).toContainText(/Stopped by budget: [\d,]+ items not sent(, [\d,]+ failed items? not retried)?; \$0\.\d+ of \$0\.002000 spent\./);
  await expect(line).toContainText(/Stopped by budget: [\d,]+ items not sent(, [\d,]+ failed items? not retried)?\./);
  // The pre-filtered rows are apart: leads.csv repeats many inputs.
  await expect(page.getByTestId("progress-prefiltered")).toContainText(/[\d,]+ skipped before sending: [\d,]+ duplicates/);
  await expect(line).toContainText(/[\d,]+ skipped before sending: /);
  const prefilteredTotal = Number((/([\d,]+) skipped before sending/.exec(await line.innerText())?.[1] ?? "").replace(/,/g, ""));
  // Unsent rows are not skipped: only the pre-filter's are.
  expect(await count(page, "skipped")).toBe(prefilteredTotal);
  expect(await count(page, "pending")).toBeGreaterThan(0);
  await expect(page.getByTestId("progress-share")).not.toContainText("(100%)");
  await expect(page.getByTestId("progress-unsent")).toContainText(/items? not sent(, [\d,]+ failed items? not retried)? \(budget\)/);
  await expect(page.getByTestId("eta")).toHaveText("Stopped by budget");
  await expect(page.getByTestId("failure-counts")).toContainText(/failed at least once; \d+ still failing|No failures so far/);
  await shots(page, "budget-stop");

  await page.getByTestId("raise-budget").click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: "Raise the budget and continue" })).toBeVisible();
  await dialog.getByLabel("Budget (USD)").fill("0.001");
  await dialog.getByTestId("save-and-resume").click();
  await expect(dialog.getByText(/^At least what is already spent: \$/)).toBeVisible();
  await dialog.getByLabel("Budget (USD)").fill("5");
  await shots(page, "raise-budget-dialog");
  await dialog.getByTestId("save-and-resume").click();
  await expect(page.getByText("Run resumed")).toBeVisible();

  // While it runs, the time remaining on the page is the one in the progress sentence.
  await expect(status).toHaveAttribute("data-status", "running");
  await expect(line).toContainText("Estimated time remaining:", { timeout: 30_000 });
  const { eta, sentence } = await page.evaluate(() => ({
    eta: document.querySelector('[data-testid="eta"]')?.textContent ?? "",
    sentence: document.querySelector('[data-testid="progress-line"]')?.textContent ?? "",
  }));
  if (sentence.includes("Estimated time remaining:")) expect(sentence).toContain(`Estimated time remaining: ${eta}.`);
  await shots(page, "budget-continued-live");

  await expect(status).toHaveAttribute("data-status", "completed", { timeout: 120_000 });
  await expect(page.getByTestId("progress-share")).toContainText("(100%)");
  expect(await count(page, "skipped")).toBe(prefilteredTotal);
  expect(await count(page, "pending")).toBe(0);
  // With a quarter of calls failing, items failed; the count of those never goes down.
  await expect(page.getByTestId("failure-counts")).toContainText(/[\d,]+ failed at least once; [\d,]+ still failing\./);
  await shots(page, "budget-completed");
});

test("a breaker pause is resumed with a new threshold from the run's controls", async ({ page }) => {
  const datasetId = await uploadLeads(page);
  // A quarter of calls fail; a 5 % threshold trips on the first batch that has two failures.
  await launch(page, { datasetId, kind: "sample", sampleSize: 60, prompt, batchSize: 10, errorThreshold: 0.05, useCache: false });
  const status = page.getByTestId("run-status");
  await expect(status).toHaveAttribute("data-status", "paused", { timeout: 60_000 });
  await expect(page.getByTestId("pause-reason")).toContainText("Paused by the error-rate breaker");
  await expect(page.getByTestId("eta")).toHaveText("Paused");
  await expect(page.getByTestId("progress-line")).toContainText(/ Paused\.$/);

  await page.getByTestId("resume-options").click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Error-rate threshold (%)").fill("100");
  await dialog.getByTestId("ignore-breaker").click();
  await shots(page, "resume-options-dialog");
  await dialog.getByTestId("save-and-resume").click();
  await expect(status).toHaveAttribute("data-status", "completed", { timeout: 60_000 });
  await expect(page.getByTestId("pause-reason")).toHaveCount(0);
});
