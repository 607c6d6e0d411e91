// Awkward files in the browser: detection is shown and can be changed; a broken file is refused
// with the line named and nothing stored.
import path from "node:path";
import { expect, test } from "@playwright/test";

const BAD = path.resolve(process.cwd(), "../shared/data/bad");
const SHOTS = path.resolve(process.cwd(), "test-output/screenshots");

test("a semicolon file is detected and shown; reading it again as comma-separated is refused and keeps the first import", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Dataset name (optional)").fill("semicolon sample");
  await page.getByLabel("CSV file").setInputFiles(path.join(BAD, "semicolon.csv"));
  const result = page.getByTestId("upload-result");
  await expect(result).toContainText("semicolon sample: 2 rows, 3 columns");
  await expect(result.getByTestId("upload-read-as")).toHaveText("Read as UTF-8, semicolon ; separated.");
  await page.screenshot({ path: path.join(SHOTS, "10-upload-detected.png") });

  // As comma-separated, "3,5" splits a row into more fields than the header has: refused, naming the line,
  // and the dataset the first read stored stays.
  await result.getByLabel("Delimiter").click();
  await page.getByRole("option", { name: "Comma ," }).click();
  await result.getByRole("button", { name: "Read again" }).click();
  await expect(page.getByTestId("upload-error")).toContainText("Line 2 has 2 fields; the header has 1.");
  await expect(page.getByTestId("datasets-table").getByRole("link", { name: "semicolon sample" })).toHaveCount(1);
});

test("an unclosed quote is refused, naming line 3, and nothing is stored", async ({ page }) => {
  await page.goto("/");
  const datasetsBefore = await page.request.get("/api/datasets").then((r) => r.json() as Promise<{ items: unknown[] }>);
  await page.getByLabel("CSV file").setInputFiles(path.join(BAD, "unbalanced-quote.csv"));
  const error = page.getByTestId("upload-error");
  await expect(error).toContainText("Could not upload unbalanced-quote.csv");
  await expect(error).toContainText(/line 3/i);
  await page.screenshot({ path: path.join(SHOTS, "11-upload-refused.png") });
  const datasetsAfter = await page.request.get("/api/datasets").then((r) => r.json() as Promise<{ items: unknown[] }>);
  expect(datasetsAfter.items).toHaveLength(datasetsBefore.items.length);
});

test("reading a file again with another delimiter replaces the first import", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Dataset name (optional)").fill("one column");
  const file = { name: "one-column.csv", mimeType: "text/csv", buffer: Buffer.from("title\nHello there\nGood bye\n") };
  await page.getByLabel("CSV file").setInputFiles(file);
  const result = page.getByTestId("upload-result");
  await expect(result.getByTestId("upload-read-as")).toHaveText("Read as UTF-8, comma , separated.");

  await result.getByLabel("Delimiter").click();
  await page.getByRole("option", { name: "Pipe |" }).click();
  await result.getByRole("button", { name: "Read again" }).click();
  await expect(result.getByTestId("upload-read-as")).toHaveText("Read as UTF-8, pipe | separated.");
  await expect(page.getByTestId("datasets-table").getByRole("link", { name: "one column" })).toHaveCount(1);
});
