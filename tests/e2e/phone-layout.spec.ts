// Every page on a 390 × 844 phone: nothing wider than the screen (tables scroll inside themselves or
// become cards), also on a dataset with many wide columns and a run whose errors are long unbroken
// strings. Screenshots of each page at phone and laptop width land in test-output/screenshots/.
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import { SHOTS } from "./e2e-accounts";

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 768 };
const E2E_DB = path.resolve(process.cwd(), "test-output/e2e.db");

/** Many columns with long names and long unbreakable cells: the rows table must scroll inside itself. */
function wideCsv(rows: number): string {
  const columns = Array.from({ length: 14 }, (_, i) => `a_rather_long_column_name_number_${i + 1}`);
  const lines = [columns.join(",")];
  for (let r = 0; r < rows; r++) {
    lines.push(columns.map((_, c) => (c === 0 ? `row ${r} https://example.com/${"very-long-path-segment-".repeat(4)}${r}` : `cell-${r}-${c}-${"x".repeat(30)}`)).join(","));
  }
  return `${lines.join("\n")}\n`;
}

/** The page is no wider than the window: nothing sticks out sideways. */
async function expectNoSidewaysOverflow(page: Page, name: string) {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  const culprits =
    widths.scroll > widths.inner
      ? await page.evaluate(() =>
          [...document.querySelectorAll("body *")]
            .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
            // Inside a container that scrolls or clips sideways is where wide content belongs.
            .filter((el) => {
              for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
                if (getComputedStyle(up).overflowX !== "visible") return false;
              }
              return true;
            })
            .slice(0, 5)
            .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 80)}`),
        )
      : [];
  expect.soft(widths.scroll, `${name}: page is ${widths.scroll} px wide at ${widths.inner} px; sticking out: ${culprits.join(" | ")}`).toBeLessThanOrEqual(widths.inner);
}

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `phone-${name}.png`), fullPage: true });
}

/** Checked at phone width and photographed; then photographed at laptop width too. */
async function checkPage(page: Page, name: string, url: string, ready: (page: Page) => Promise<void>) {
  await page.setViewportSize(PHONE);
  await page.goto(url);
  await ready(page);
  // The header's badges and menu come with the first queries; the page is only whole once they are in.
  if (!name.startsWith("sign-in")) await expect(page.getByTestId("simulated-badge")).toBeVisible();
  await expectNoSidewaysOverflow(page, name);
  await shoot(page, `${name}-390`);
  await page.setViewportSize(LAPTOP);
  await ready(page);
  await page.screenshot({ path: path.join(SHOTS, `phone-${name}-1366.png`), fullPage: true });
}

const heading = (text: string | RegExp) => async (page: Page) => {
  await expect(page.getByRole("heading", { level: 1, name: text })).toBeVisible();
};

test("every page fits a 390 px phone without sideways scrolling", async ({ page, browser }) => {
  const meta = (await (await page.request.get("/api/meta")).json()) as { models: { id: string }[] };
  const model = meta.models[0]?.id ?? "gpt-4o-mini";

  const upload = await page.request.post("/api/datasets", {
    multipart: { file: { name: "wide-leads-with-a-long-file-name-that-keeps-going.csv", mimeType: "text/csv", buffer: Buffer.from(wideCsv(120)) } },
  });
  expect(upload.status()).toBe(201);
  const dataset = (await upload.json()) as { id: string };

  const prompt = { template: "Summarise {{a_rather_long_column_name_number_1}} and {{a_rather_long_column_name_number_2}}" };
  // A sample whose failures go straight to review, then given long unbroken error messages.
  const sampleResponse = await page.request.post("/api/runs", {
    data: { datasetId: dataset.id, kind: "sample", sampleSize: 40, prompt, model, maxRetries: 0, errorThreshold: 1 },
  });
  expect(sampleResponse.status()).toBe(201);
  const sample = (await sampleResponse.json()) as { id: string };
  await expect
    .poll(async () => ((await (await page.request.get(`/api/runs/${sample.id}`)).json()) as { status: string }).status, { timeout: 60_000 })
    .toBe("completed");
  const longError = `upstream said: ${"https://api.example.com/v1/chat/completions?trace=".repeat(3)}${"0123456789abcdef".repeat(12)}`;
  const db = new Database(E2E_DB, { timeout: 10_000 });
  const changed = db
    .prepare("UPDATE RunItem SET errorMessage = ?, errorKind = 'server' WHERE runId = ? AND status IN ('needs_review', 'failed')")
    .run(longError, sample.id).changes;
  db.close();
  expect(changed).toBeGreaterThan(0);

  // A full run held paused, so the run page shows its controls.
  const fullResponse = await page.request.post("/api/runs", {
    data: { datasetId: dataset.id, kind: "full", prompt, model, batchSize: 5, delayMs: 2_000, errorThreshold: 1, sourceRunId: sample.id },
  });
  expect(fullResponse.status()).toBe(201);
  const full = (await fullResponse.json()) as { id: string };
  expect([200, 409]).toContain((await page.request.post(`/api/runs/${full.id}/pause`)).status());

  await checkPage(page, "home", "/", async (p) => {
    await expect(p.getByTestId("user-menu")).toBeVisible();
    await expect(p.getByText("wide-leads-with-a-long-file-name").first()).toBeVisible();
    await expect(p.getByLabel("CSV file")).toBeAttached();
  });
  await checkPage(page, "dataset-wide", `/datasets/${dataset.id}`, async (p) => {
    await expect(p.getByTestId("rows-table")).toContainText("cell-0-1");
  });
  await checkPage(page, "runs", "/runs", async (p) => {
    await expect(p.getByRole("heading", { level: 1, name: "Runs" })).toBeVisible();
    await expect(p.locator("[data-testid=run-prompt]:visible").first()).toContainText(prompt.template.slice(0, 30));
  });
  await test.step("the runs list filters by status and dataset, kept in the URL", async () => {
    await page.setViewportSize(LAPTOP);
    const rows = page.getByTestId("run-row");
    await page.goto(`/datasets/${dataset.id}`);
    await page.getByRole("link", { name: "Its runs" }).click();
    await expect(page).toHaveURL(new RegExp(`/runs\\?datasetId=${dataset.id}$`));
    await expect(rows).toHaveCount(2);

    await page.goto(`/runs?datasetId=${dataset.id}&status=paused`);
    await expect(rows).toHaveCount(1);
    await expect(rows.first().getByRole("link")).toHaveAttribute("href", `/runs/${full.id}`);
    await expect(rows.first()).toContainText(model);

    await page.getByTestId("run-filter-status").click();
    await page.getByRole("option", { name: "Completed" }).click();
    await expect(page).toHaveURL(new RegExp(`status=completed`));
    await expect(rows).toHaveCount(1);
    await expect(rows.first().getByRole("link")).toHaveAttribute("href", `/runs/${sample.id}`);

    await page.getByRole("button", { name: "Clear filters" }).first().click();
    await expect(page).toHaveURL(/\/runs$/);
    await expect(page.getByTestId("run-filter-dataset")).toContainText("Any dataset");
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);

    await page.getByTestId("run-filter-dataset").click();
    await page.getByRole("option", { name: /wide-leads-with-a-long-file-name/ }).click();
    await expect(page).toHaveURL(new RegExp(`datasetId=${dataset.id}`));
    await expect(rows).toHaveCount(2);

    // A status no run can have is the API's 400, shown with its message.
    await page.goto("/runs?status=done");
    await expect(page.getByRole("alert").filter({ hasText: "Could not load runs" })).toContainText("status must be one of");
    await page.screenshot({ path: path.join(SHOTS, "phone-runs-bad-filter-1366.png") });
  });
  await checkPage(page, "run-sample-long-errors", `/runs/${sample.id}`, async (p) => {
    await expect(p.getByTestId("run-status")).toHaveAttribute("data-status", "completed");
    await expect(p.getByTestId("items-table")).toBeVisible();
  });
  await checkPage(page, "run-full-paused", `/runs/${full.id}`, async (p) => {
    await expect(p.getByTestId("run-status")).toBeVisible();
  });
  await checkPage(page, "review", `/review?runId=${sample.id}`, async (p) => {
    await expect(p.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(p.getByText(/upstream said/).first()).toBeVisible();
  });
  await checkPage(page, "review-all", "/review", heading(/Review/));
  await checkPage(page, "settings", "/settings", async (p) => {
    await expect(p.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
    await expect(p.getByText("owner@example.com").first()).toBeVisible();
  });
  await checkPage(page, "not-found", "/runs/no-such-run", async (p) => {
    await expect(p.getByText(/does not exist|not found/i).first()).toBeVisible();
  });

  // Signed out: the sign-in page.
  const signedOut = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const anonymous = await signedOut.newPage();
  await checkPage(anonymous, "sign-in", "/sign-in", async (p) => {
    await expect(p.getByRole("heading", { name: /Sign in/ })).toBeVisible();
  });
  await signedOut.close();

  // Stop the held run so nothing is left running for other specs.
  await page.request.post(`/api/runs/${full.id}/cancel`);
});
