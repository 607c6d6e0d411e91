// Prompt lab in chromium: compare three models on one sample from the dataset page, watch the cheap
// ones' disagreements get caught, judge rows from the keyboard (j/k, h/l, a, r), and launch the
// suggested model's full run in one click (confirmed first while nothing is judged). 1280 and 390 px.
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { SHOTS } from "./e2e-accounts";

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

const TONES = ["arrived broken", "works perfectly", "it is okay I guess", "late but fine"];

test("compare 3 models on a sample, judge rows with the keyboard, launch the suggested one", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const rows = Array.from({ length: 120 }, (_, i) => `${i},"Order ${i}: ${TONES[i % 4]}, reviewed ${Date.now()}"`);
  const upload = await page.request.post("/api/datasets", {
    multipart: { file: { name: "compare-reviews.csv", mimeType: "text/csv", buffer: Buffer.from(`id,review\n${rows.join("\n")}\n`) } },
  });
  expect(upload.status()).toBe(201);
  const dataset = (await upload.json()) as { id: string };

  await page.goto(`/datasets/${dataset.id}`);
  await page.getByRole("link", { name: "Compare models" }).click();
  await expect(page.getByRole("heading", { name: "Compare models" })).toBeVisible();
  // The form starts with three models (gpt-4o as the reference, then two cheaper tiers) answering labels.
  for (const index of [0, 1, 2]) await page.locator(`#variant-${index}-template`).fill("Sentiment of this review: {{review}}");
  await page.locator("#compare-sampleSize").fill("40");
  await page.locator("#compare-gateMin").fill("85");
  await shot(page, "compare-1280-new");
  await page.getByRole("button", { name: "Compare 3 variants" }).click();

  await expect(page).toHaveURL(/\/comparisons\//);
  await expect(page.getByTestId("comparison-status")).toHaveText("completed", { timeout: 90_000 });
  await expect(page.getByTestId("variant-card-0")).toContainText("Reference");
  await expect(page.getByTestId("quality-cost-chart").locator(".recharts-scatter-symbol")).toHaveCount(3);
  // The cheap models' mistakes are marked beside the reference's answer.
  await page.getByRole("tab", { name: "Disagreements" }).click();
  await expect(page.locator('[data-testid="answer-cell"][data-differs="true"]').first()).toBeVisible();
  await page.getByRole("tab", { name: "All" }).click();

  // Nothing judged yet: launching asks first, and "Judge rows first" backs out.
  await page.getByRole("button", { name: "Launch full run" }).click();
  await expect(page.getByRole("alertdialog")).toContainText("without judging");
  await page.getByRole("button", { name: "Judge rows first" }).click();
  await expect(page.getByRole("alertdialog")).toHaveCount(0);

  // From the keyboard: approve the first row's three answers (a moves on), reject the next row's
  // second answer, then approve the third row's cheapest model's answer. A failed answer (the simulator
  // fails a quarter of calls here; a few fail all retries) has nothing to judge and is passed over.
  await page.locator('[data-cell="0-0"]').getByText(/^1\. gpt-4o$/).click();
  await expect(page.locator('[data-cell="0-0"][data-focused="true"]')).toHaveCount(1);
  for (const key of ["a", "a", "a", "l", "r", "j", "l", "a"]) await page.keyboard.press(key);
  // The last verdict moved the cursor on to the next row's first answer.
  await expect(page.locator('[data-cell="3-0"][data-focused="true"]')).toHaveCount(1);
  const expected = [
    ["0-0", "approved"],
    ["0-1", "approved"],
    ["0-2", "approved"],
    ["1-1", "rejected"],
    ["2-2", "approved"],
  ] as const;
  let judged = 0;
  for (const [cell, verdict] of expected) {
    const answered = (await page.locator(`[data-cell="${cell}"] [data-testid="answer-text"]`).count()) > 0;
    if (!answered) continue;
    judged += 1;
    await expect(page.locator(`[data-cell="${cell}"]`)).toContainText(verdict);
  }
  expect(judged).toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId("variant-cards")).toContainText(/% of [12]/);
  await shot(page, "compare-1280-judged");

  // The suggestion clears the 85 % agreement gate; one click launches it, straight to its run page.
  const suggestion = await page.getByTestId("suggestion-text").textContent();
  expect(suggestion).toMatch(/gpt-4o-mini|reference/);
  await page.getByRole("button", { name: "Launch full run" }).click();
  await expect(page).toHaveURL(/\/runs\//);
  const runId = page.url().split("/runs/")[1] ?? "";
  const run = (await (await page.request.get(`/api/runs/${runId}`)).json()) as { kind: string };
  expect(run.kind).toBe("full");

  await page.goBack();
  await expect(page.getByRole("list", { name: "Full runs launched from this comparison" })).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId("comparison-status")).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, "compare-390");
  // The dataset page lists the comparison, to find it again.
  await page.goto(`/datasets/${dataset.id}`);
  await expect(page.getByTestId("comparison-list")).toContainText("gpt-4o vs gpt-4o-mini vs gpt-4.1-nano");
  await shot(page, "compare-dataset-390");
  // Leave nothing running for the specs after this one.
  await page.request.post(`/api/runs/${runId}/cancel`);
});
