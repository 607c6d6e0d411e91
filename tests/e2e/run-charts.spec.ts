// The run page's charts on a run of more than 60 batches, watched live and after it ends, on a
// laptop and on a 390 px phone: batches binned into bars of 2, the breaker threshold and the budget
// drawn as labelled lines, the projected finish while it runs, and no horizontal page overflow.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";

const LEADS = path.resolve(process.cwd(), "../shared/data/leads.csv");
const SHOTS = process.env.CHART_SHOTS ?? path.resolve(process.cwd(), "test-output/screenshots/charts");

async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  // The charts alone first (a live run moves on), cut from the full page: an element shot would have the sticky header over it.
  const charts = await page.getByTestId("run-charts").boundingBox();
  if (charts) await page.screenshot({ path: path.join(SHOTS, `${name}-charts.png`), fullPage: true, clip: charts });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

test("a run of more than 60 batches: binned bars, threshold and budget lines, projected finish, readable at 390 px", async ({ page }) => {
  // A run of some 80 batches on a machine shared with other work, watched on two screens.
  test.setTimeout(240_000);
  const form = { file: { name: "leads.csv", mimeType: "text/csv", buffer: fs.readFileSync(LEADS) } };
  const upload = await page.request.post("/api/datasets", { multipart: form });
  expect(upload.status()).toBe(201);
  const dataset = (await upload.json()) as { id: string };
  // About 615 rows are sent after the pre-filter (leads.csv repeats many): in batches of 8, some 77 first-pass batches.
  // A short pause between batches keeps the run live long enough to watch.
  const created = await page.request.post("/api/runs", {
    data: {
      datasetId: dataset.id,
      kind: "full",
      // A prompt of its own: the cache would answer rows that earlier specs sent with a common one.
      prompt: { template: `Qualify this lead for the chart run ${Date.now()}. Title: {{title}}. Notes: {{notes}}` },
      batchSize: 8,
      delayMs: 60,
      errorThreshold: 0.5,
      budgetUsd: 0.1,
    },
  });
  expect(created.status()).toBe(201);
  const run = (await created.json()) as { id: string };
  const summary = await page.request.get(`/api/runs/${run.id}`).then((r) => r.json() as Promise<{ batches: { total: number } }>);
  expect(summary.batches.total).toBeGreaterThan(60);

  // A quarter of calls fail, so now and then a batch trips the 50 % breaker: an operator resumes it.
  const operator = { status: "queued", stop: false };
  void (async () => {
    while (!operator.stop && operator.status !== "completed") {
      const summary = await page.request.get(`/api/runs/${run.id}`).then((r) => r.json() as Promise<{ status: string }>, () => null);
      if (summary) operator.status = summary.status;
      if (operator.status === "paused") await page.request.post(`/api/runs/${run.id}/resume`).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
  })();

  await page.goto(`/runs/${run.id}`);
  const completed = page.getByTestId("chart-completed");
  // While it runs: the completed line heads for a projected finish.
  await expect(completed).toContainText(/Projected finish about \d\d:\d\d at the recent pace \([\d,]+ items left\)/, { timeout: 30_000 });
  await expect(completed.locator(".recharts-line path[stroke-dasharray]")).toHaveCount(1);
  await shot(page, "run-page-live-1366");

  await expect.poll(() => operator.status, { timeout: 90_000, intervals: [500] }).toBe("completed");
  operator.stop = true;
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "completed");
  // Ended: no projection, the line ends where the run did.
  await expect(completed).toContainText("Items the model answered, over time.");

  const outcomes = page.getByTestId("chart-batch-outcomes");
  await expect(outcomes).toContainText("2 batches per bar");
  // At most 60 bars of each series however many batches (the two stacked series are drawn per bar).
  const bars = await outcomes.locator(".recharts-bar-rectangle").count();
  expect(bars).toBeGreaterThan(0);
  expect(bars).toBeLessThanOrEqual(2 * 60);
  await expect(page.getByTestId("chart-error-rate")).toContainText("Breaker 50%");
  await expect(page.getByTestId("chart-cost")).toContainText("Budget $0.1000");
  await expect(page.getByTestId("chart-cost")).toContainText(/Spend so far: \$0\.\d+ of a \$0\.1000 budget/);
  // Every axis names its unit.
  for (const [chart, unit] of [
    ["chart-throughput", "items/min"],
    ["chart-latency", "ms"],
    ["chart-cost", "$"],
    ["chart-error-rate", "%"],
    ["chart-rate-limits", "429s"],
  ] as const) {
    await expect(page.getByTestId(chart).locator(".recharts-label", { hasText: unit }).first()).toBeVisible();
  }
  await shot(page, "run-page-1366");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(outcomes).toContainText("2 batches per bar");
  await expect(page.getByTestId("chart-latency").locator(".recharts-line").first()).toBeVisible();
  // The charts fit the phone: nothing in them reaches past the screen's edge. (The rest of the page's
  // fit at 390 px, header and items table included, is the layout's own test.)
  const past = await page.getByTestId("run-charts").evaluate((grid) =>
    [...grid.querySelectorAll("*")].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5).length,
  );
  expect(past).toBe(0);
  for (const chart of ["chart-completed", "chart-batch-outcomes", "chart-error-rate", "chart-latency", "chart-cost"]) {
    const box = await page.getByTestId(chart).boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(300);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
  }
  await shot(page, "run-page-390");
});
