// The review queue for speed, in chromium against the built app: ten items reviewed from the
// keyboard (j/k to move, r to retry, e to resolve, d to discard), a selection retried as a background
// job with its progress toast, filters in the URL, the navigation badge, and the page at 390 px.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { SHOTS } from "./e2e-accounts";

const EXTRA_SHOTS = "/tmp/shots/h-review";

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  fs.mkdirSync(EXTRA_SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(EXTRA_SHOTS, `${name}.png`), fullPage: true });
}

type Queue = { total: number; items: { id: string; attempts: number }[] };

/** A finished run with items in review: 80 distinct rows, no retries, the simulator failing a quarter of calls. */
async function runWithItemsInReview(page: Page): Promise<string> {
  const rows = Array.from({ length: 80 }, (_, i) => `Lead ${i},"keyboard review row ${i} ${Date.now()}"`);
  const upload = await page.request.post("/api/datasets", {
    multipart: { file: { name: "keyboard-review.csv", mimeType: "text/csv", buffer: Buffer.from(`name,notes\n${rows.join("\n")}\n`) } },
  });
  expect(upload.status()).toBe(201);
  const dataset = (await upload.json()) as { id: string };
  const created = await page.request.post("/api/runs", {
    data: { datasetId: dataset.id, kind: "full", prompt: { template: "Classify: {{notes}}" }, maxRetries: 0, errorThreshold: 1, batchSize: 40 },
  });
  expect(created.status()).toBe(201);
  const run = (await created.json()) as { id: string };
  await expect
    .poll(async () => ((await (await page.request.get(`/api/runs/${run.id}`)).json()) as { status: string }).status, { timeout: 60_000 })
    .toBe("completed");
  return run.id;
}

const queue = async (page: Page, runId: string) => (await (await page.request.get(`/api/review?runId=${runId}&limit=200`)).json()) as Queue;
const activeId = (page: Page) => page.locator('[data-testid="review-item"][data-active]').getAttribute("data-item-id");

test("ten items reviewed from the keyboard, a selection retried in the background, and the queue at 390 px", async ({ page }) => {
  const runId = await runWithItemsInReview(page);
  const before = await queue(page, runId);
  expect(before.total).toBeGreaterThanOrEqual(12);

  await page.goto(`/review?runId=${runId}`);
  const list = page.getByTestId("review-list");
  await expect(list.getByTestId("review-item")).toHaveCount(before.total);
  await expect(page.getByTestId("review-badge")).toBeVisible();
  await expect(page.getByTestId("shortcut-hint")).toContainText("retry");
  await expect(page.getByTestId("review-detail")).toBeVisible();
  await shot(page, "review-1366-list-and-detail");

  // j/k move the cursor, and the detail pane follows it.
  const ids = await list.getByTestId("review-item").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-item-id")));
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await page.keyboard.press("k");
  expect(await activeId(page)).toBe(ids[1]);
  await expect(page.getByTestId("review-detail")).toHaveAttribute("data-item-id", ids[1] ?? "");
  await page.keyboard.press("k");
  expect(await activeId(page)).toBe(ids[0]);

  // Ten decisions without the mouse: discard, resolve (typed, Ctrl+Enter), retry, in turn.
  const actions = ["d", "e", "r", "d", "e", "r", "d", "e", "r", "d"] as const;
  const acted: { id: string; key: string }[] = [];
  for (const key of actions) {
    const id = (await activeId(page)) ?? "";
    expect(id).not.toBe("");
    await page.keyboard.press(key);
    if (key === "e") {
      const output = page.getByLabel("Correct output");
      await expect(output).toBeFocused();
      await output.fill(`resolved from the keyboard`);
      await page.keyboard.press("Control+Enter");
    }
    // The item leaves the list and the cursor lands on the next one.
    await expect(list.locator(`[data-item-id="${id}"][data-active]`)).toHaveCount(0);
    acted.push({ id, key });
  }
  await expect(page.getByRole("dialog")).toHaveCount(0);

  const after = await queue(page, runId);
  const stillInReview = new Map(after.items.map((item) => [item.id, item]));
  for (const { id, key } of acted) {
    // Discarded and resolved items are gone; a retried one is gone or back with one more attempt.
    if (key === "r") expect(stillInReview.get(id)?.attempts ?? 2).toBe(2);
    else expect(stillInReview.has(id)).toBe(false);
  }
  expect(after.total).toBeLessThanOrEqual(before.total - 7);
  await shot(page, "review-1366-after-keyboard");

  // x selects, the bulk bar offers the job; r on a selection opens the retry dialog; enter confirms.
  await page.keyboard.press("x");
  await page.keyboard.press("j");
  await page.keyboard.press("x");
  await expect(page.getByTestId("selection-count")).toHaveText("2 selected");
  await expect(page.getByTestId("bulk-actions")).toBeVisible();
  await page.keyboard.press("r");
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: "Retry 2 items" })).toBeVisible();
  // Resolutions of this run are offered as examples, each listed.
  await expect(dialog.getByRole("list", { name: "Examples" }).getByRole("listitem")).toHaveCount(3);
  await dialog.getByLabel(/Send 3 resolutions of yours/).check();
  await expect(dialog.getByTestId("examples-used")).toHaveText("3 examples will be sent before each item's prompt.");
  await shot(page, "review-1366-retry-with-examples");
  await dialog.getByRole("button", { name: "Retry 2 items with 3 examples" }).click();
  await expect(page.getByText(/^Retried 2 items$/)).toBeVisible();
  await shot(page, "review-1366-job-done");
  await expect(page.getByTestId("selection-count")).not.toHaveText("2 selected");

  // Filters live in the URL: an error kind that nothing has shows the empty state.
  await page.getByRole("group", { name: "Error kind" }).getByRole("button", { name: /Server/ }).click();
  await expect(page).toHaveURL(/errorKind=server/);
  await expect(page).toHaveURL(new RegExp(`runId=${runId}`));

  // On a phone: no page-wide horizontal scroll, the list stays compact, the detail opens as a dialog.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/review?runId=${runId}`);
  await expect(list.getByTestId("review-item").first()).toBeVisible();
  await expect(page.getByTestId("review-detail")).toBeHidden();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot(page, "review-390-list");
  await list.getByTestId("review-item").first().getByRole("button").click();
  await expect(page.getByRole("dialog").getByTestId("review-detail")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot(page, "review-390-detail");
});
