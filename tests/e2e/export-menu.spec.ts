// The run page's Export menu, in chromium against the built app and the simulated model (which
// fails a quarter of calls here): every item as CSV with the dataset's columns first and rows from 1,
// only the failed and review items, and the report; on a laptop and on a 390 px phone.
import path from "node:path";
import { expect, test, type Download, type Page } from "@playwright/test";
import Papa from "papaparse";
import { SHOTS } from "./e2e-accounts";

const ROWS = 40;

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

async function text(download: Download): Promise<string> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A finished full run over a small dataset, made through the API as the signed-in owner. */
async function finishedRun(page: Page, baseURL: string): Promise<string> {
  const headers = { origin: baseURL };
  const csv = ["company,notes", ...Array.from({ length: ROWS }, (_, i) => `"Acme ${i + 1}, Inc.","asked about pricing (${i + 1})"`)].join("\n");
  const upload = await page.request.post("/api/datasets", { headers, multipart: { file: { name: "Export demo.csv", mimeType: "text/csv", buffer: Buffer.from(csv) } } });
  expect(upload.status(), await upload.text()).toBe(201);
  const dataset = (await upload.json()) as { id: string };
  const created = await page.request.post("/api/runs", {
    headers,
    data: { datasetId: dataset.id, kind: "full", prompt: { template: "Qualify {{company}}: {{notes}}" }, maxRetries: 0, errorThreshold: 1, useCache: false },
  });
  expect(created.status(), await created.text()).toBe(201);
  const run = (await created.json()) as { id: string };
  await expect
    .poll(async () => ((await (await page.request.get(`/api/runs/${run.id}`)).json()) as { status: string }).status, { timeout: 60_000 })
    .toBe("completed");
  return run.id;
}

test("the Export menu downloads all items, the failed and review ones, and the report; it fits a phone", async ({ page, baseURL }) => {
  const runId = await finishedRun(page, baseURL ?? "");
  await page.goto(`/runs/${runId}`);
  const report = page.getByTestId("report-card");
  await expect(report).toBeVisible();

  await report.getByRole("button", { name: "Export" }).click();
  const menu = page.getByRole("menu");
  await expect(menu.getByRole("menuitem", { name: /^CSV/ })).toBeVisible();
  await expect(menu.getByRole("menuitem", { name: /^JSONL/ })).toBeVisible();
  await shot(page, "export-menu-laptop");

  // Every item: the dataset's columns first, then the row as the UI counts it.
  const [all] = await Promise.all([page.waitForEvent("download"), menu.getByRole("menuitem", { name: /^CSV/ }).click()]);
  expect(all.suggestedFilename()).toBe(`Export-demo-full-run-${runId}.csv`);
  const rows = Papa.parse<Record<string, string>>(await text(all), { header: true, skipEmptyLines: true }).data;
  expect(rows).toHaveLength(ROWS);
  expect(rows[0]).toMatchObject({ company: "Acme 1, Inc.", notes: "asked about pricing (1)", row: "1" });
  expect(rows.at(-1)?.row).toBe(String(ROWS));
  await expect(page.getByText("Download started")).toBeVisible();

  // Only what is left to fix; the simulator failed some (a quarter of calls), each waiting for review.
  const summary = (await (await page.request.get(`/api/runs/${runId}`)).json()) as { counts: { failed: number; needs_review: number } };
  const toFix = summary.counts.failed + summary.counts.needs_review;
  await report.getByRole("button", { name: "Export" }).click();
  const failedItem = page.getByRole("menuitem", { name: /^Failed and review only/ });
  if (toFix === 0) {
    await expect(failedItem).toHaveAttribute("data-disabled", "");
    await page.keyboard.press("Escape");
  } else {
    const [failed] = await Promise.all([page.waitForEvent("download"), failedItem.click()]);
    expect(failed.suggestedFilename()).toBe(`Export-demo-full-run-${runId}-failed-and-review.csv`);
    const failedRows = Papa.parse<Record<string, string>>(await text(failed), { header: true, skipEmptyLines: true }).data;
    expect(failedRows).toHaveLength(toFix);
    for (const row of failedRows) expect(["failed", "needs_review"]).toContain(row.status);
    expect(failedRows.every((row) => row.errorKind !== "")).toBe(true);
  }

  // The report as Markdown, by keyboard: the menu opens on Enter and moves with the arrow keys.
  await report.getByRole("button", { name: "Export" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menu")).toBeVisible();
  const reportItem = page.getByRole("menuitem", { name: /^Report\s*Final numbers as Markdown/ });
  await reportItem.focus();
  const [md] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  expect(md.suggestedFilename()).toBe(`Export-demo-full-run-${runId}-report.md`);
  expect(await text(md)).toContain("# Run report: Export demo (full run)");

  // A phone: the menu stays within the screen and does not widen the page (the page's own width at
  // 390 px is measured apart, page by page).
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByText("Download started")).toHaveCount(0, { timeout: 15_000 });
  const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
  const closedWidth = await pageWidth();
  const trigger = report.getByRole("button", { name: "Export" });
  await trigger.evaluate((element) => element.scrollIntoView({ block: "center" }));
  const triggerBox = await trigger.boundingBox();
  expect(triggerBox && triggerBox.x + triggerBox.width <= 390).toBe(true);
  await trigger.click();
  await expect(page.getByRole("menu")).toBeVisible();
  const box = await page.getByRole("menu").boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
  expect(await pageWidth()).toBeLessThanOrEqual(Math.max(390, closedWidth));
  await shot(page, "export-menu-phone");
});
