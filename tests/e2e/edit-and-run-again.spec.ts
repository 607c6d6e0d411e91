// The prompt loop in chromium against the built app: a draft survives a reload, a sample runs, "Edit
// and run again" brings every setting back, the output becomes labels, and a second sample runs with
// them. The JSON schema editor checks a schema as it is typed. Screenshots at 1280 and 390 px.
import path from "node:path";
import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";

const LEADS = path.resolve(process.cwd(), "../shared/data/leads.csv");
const SHOTS = process.env.SHOTS_DIR ?? path.resolve(process.cwd(), "test-output/screenshots");
mkdirSync(SHOTS, { recursive: true });

const OURS = [
  'form[aria-label="New run"]',
  'form[aria-label="New run"] > *',
  '[data-testid="output-shape"] *',
  '[data-testid="projection-card"]',
  '[data-testid="edit-and-run-again"]',
  '[data-testid="run-output-shape"]',
].join(", ");

async function shots(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: path.join(SHOTS, `${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, `${name}-390.png`), fullPage: true });
  // None of this spec's parts sticks out of a phone's screen (wide tables scroll inside their own box).
  const overflowing = await page.evaluate(
    (selector) => [...document.querySelectorAll(selector)].filter((el) => el.getBoundingClientRect().right > 390.5).map((el) => el.outerHTML.slice(0, 80)),
    OURS,
  );
  expect(overflowing).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 800 });
}

const TEMPLATE = "Qualify this lead. Title: {{title}}. Notes: {{notes}}";
const SYSTEM = "You qualify sales leads for a B2B software company.";

test("a draft survives a reload; Edit and run again keeps everything; labels replace free text", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/");
  await page.getByLabel("CSV file").setInputFiles(LEADS);
  await page.getByTestId("upload-result").getByRole("link", { name: "Open dataset and write a prompt" }).click();
  await expect(page).toHaveURL(/\/datasets\//);
  const datasetUrl = page.url();

  // The form starts from the API's defaults: a sample of 50.
  await expect(page.getByLabel("Sample size")).toHaveValue("50");
  await page.getByLabel("Prompt template").fill(TEMPLATE);
  await page.getByLabel("System prompt (optional)").fill(SYSTEM);
  await page.getByLabel("Sample size").fill("12");
  await page.getByRole("button", { name: "Advanced" }).click();
  // The simulator fails a quarter of calls in these tests: keep the breaker out of the way.
  await page.getByLabel("Error threshold (%)").fill("100");
  await page.getByLabel("Budget (USD)").fill("0.5");

  // A schema is checked as it is typed, with the server's rules.
  await page.getByRole("tab", { name: "JSON schema" }).click();
  const schema = page.getByLabel("JSON schema");
  await schema.fill('{"type": "object", "properties": {"score": {"type": "number"}}}');
  await expect(page.getByTestId("schema-check")).toContainText('needs "additionalProperties": false');
  await schema.fill('{"type": "object", "properties": {"score": {"type": "number"}}, "required": ["score"], "additionalProperties": false}');
  await expect(page.getByTestId("schema-check")).toContainText("Valid. Columns: output.score");
  await page.getByRole("tab", { name: "Free text" }).click();

  // Saved as typed: a reload brings it all back.
  await expect(page.getByTestId("draft-state")).toHaveText("Draft saved");
  await page.reload();
  await expect(page.getByLabel("Prompt template")).toHaveValue(TEMPLATE);
  await expect(page.getByLabel("System prompt (optional)")).toHaveValue(SYSTEM);
  await expect(page.getByLabel("Sample size")).toHaveValue("12");
  await page.getByRole("button", { name: "Advanced" }).click();
  await expect(page.getByLabel("Budget (USD)")).toHaveValue("0.5");
  await shots(page, "lab-01-draft-form");

  await page.getByRole("button", { name: "Run sample" }).click();
  await expect(page).toHaveURL(/\/runs\//);
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "completed", { timeout: 60_000 });
  await expect(page.getByTestId("projection-range")).toBeVisible({ timeout: 20_000 });
  await shots(page, "lab-02-sample-done");

  // Edit and run again: the dataset's form, filled with this run's settings.
  await page.getByTestId("edit-and-run-again").click();
  await expect(page).toHaveURL(datasetUrl);
  await expect(page.getByLabel("Prompt template")).toHaveValue(TEMPLATE);
  await expect(page.getByLabel("System prompt (optional)")).toHaveValue(SYSTEM);
  await expect(page.getByLabel("Sample size")).toHaveValue("12");
  await page.getByRole("button", { name: "Advanced" }).click();
  await expect(page.getByLabel("Budget (USD)")).toHaveValue("0.5");
  await expect(page.getByLabel("Error threshold (%)")).toHaveValue("100");
  await expect(page.getByRole("tab", { name: "Free text" })).toHaveAttribute("data-state", "active");

  // Now as labels: a list editor, one per Enter, duplicates refused.
  await page.getByRole("tab", { name: "Labels" }).click();
  const add = page.getByRole("textbox", { name: "Labels" });
  for (const label of ["Hot", "Warm", "Cold", "hot "]) {
    await add.fill(label);
    await add.press("Enter");
  }
  await expect(page.getByTestId("labels-list").getByRole("listitem")).toHaveText(["Hot", "Warm", "Cold"]);
  await shots(page, "lab-03-labels");

  await page.getByRole("button", { name: "Run sample" }).click();
  await expect(page).toHaveURL(/\/runs\//);
  await expect(page.getByTestId("run-output-shape")).toContainText("Labels: Hot, Warm, Cold");
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "completed", { timeout: 60_000 });
  // Every answer is one of the labels, or failed as invalid output.
  const outputs = await page.getByTestId("items-table").innerText();
  expect(outputs).toMatch(/Hot|Warm|Cold|invalid_output/);
  await shots(page, "lab-04-labels-sample");
});
