// A stream in chromium against the built app: created with the form, fed with the API (as a
// script would), watched on its page as the items arrive and are answered. Laptop and phone screenshots.
import path from "node:path";
import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";

const SHOTS = process.env.SHOTS_DIR ?? path.resolve(process.cwd(), "test-output/screenshots");
mkdirSync(SHOTS, { recursive: true });

async function shots(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, `${name}-laptop.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, `${name}-phone.png`), fullPage: true });
  // The page is no wider than a phone's screen (tables scroll inside their cards).
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("a stream created in the form takes items from the API and shows them as they are answered", async ({ page }) => {
  await page.goto("/streams");
  await expect(page.getByText("No streams yet")).toBeVisible();
  await page.getByLabel("Name").fill("Support tickets");
  await page.getByLabel("Fields").fill("ticket, customer");
  await page.getByLabel("Prompt template").fill("Triage this support ticket from {{customer}}: {{ticket}}");
  await page.getByLabel("Max batch size").fill("5");
  await page.getByLabel("Max wait (ms)").fill("500");
  await page.getByTestId("create-stream").click();
  await expect(page).toHaveURL(/\/streams\/[^/]+$/);
  const streamId = page.url().split("/streams/")[1] ?? "";
  await expect(page.getByTestId("stream-status")).toHaveText("running");

  // The simulator fails a share of calls here: keep the breaker out of this flow.
  const patched = await page.request.patch(`/api/streams/${streamId}`, { data: { errorThreshold: 1 } });
  expect(patched.status()).toBe(200);

  // A bad item is refused, naming the field.
  const bad = await page.request.post(`/api/streams/${streamId}/items`, { data: { items: [{ data: { ticket: "x", colour: "red" } }] } });
  expect(bad.status()).toBe(422);
  expect(((await bad.json()) as { error: { message: string } }).error.message).toContain("colour");

  // Items arrive in a few requests, one key sent twice.
  for (let round = 0; round < 3; round++) {
    const items = Array.from({ length: 4 }, (_, i) => ({ key: `t-${round}-${i}`, data: { ticket: `Printer ${round}-${i} is on fire`, customer: `Customer ${i}` } }));
    const response = await page.request.post(`/api/streams/${streamId}/items`, { data: { items: round === 2 ? [...items, items[0]] : items } });
    expect(response.status()).toBe(202);
  }
  await expect(page.getByTestId("figure-queue")).toContainText("12 items in all");
  await expect(page.getByTestId("figure-queue")).toContainText(/^Queue depth0/, { timeout: 30_000 });
  await expect(page.getByTestId("figure-latency")).toContainText("p95", { timeout: 15_000 });
  await expect(page.getByRole("img", { name: "Arrivals and results" })).toBeVisible();
  await shots(page, "stream-page");

  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByTestId("stream-status")).toHaveText("paused");
  await page.request.post(`/api/streams/${streamId}/items`, { data: { items: [{ data: { ticket: "Arrived while paused", customer: "Late" } }] } });
  await expect(page.getByTestId("figure-queue")).toContainText(/^Queue depth1/);
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByTestId("figure-queue")).toContainText(/^Queue depth0/, { timeout: 30_000 });

  // The stream is in the runs list, marked as one.
  await page.goto("/runs");
  await expect(page.getByText("Stream", { exact: true }).first()).toBeVisible();
  await page.goto("/streams");
  await expect(page.getByTestId("streams-list")).toContainText("Support tickets");
  await shots(page, "streams-list");
});
