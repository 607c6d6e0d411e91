// Settings → Providers: the owner adds an OpenAI-compatible endpoint (a small test server serving a
// model no price list knows), sees its key only as its last 4 characters, and prices the model.
// Screenshots at laptop and phone width land in test-output/screenshots/.
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startCompatibleEndpoint, type CompatibleEndpoint } from "../support/compatible-endpoint";
import { SHOTS } from "./e2e-accounts";

const KEY = "sk-e2e-provider-key-wxyz";
const MODEL = "llama3.1:8b";
let endpoint: CompatibleEndpoint;

test.beforeAll(async () => {
  endpoint = await startCompatibleEndpoint({ models: [MODEL, "qwen2.5:7b"] });
});

test.afterAll(async () => {
  await endpoint?.close();
});

test("the owner adds a provider, prices its model, and never sees the key again", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/settings");
  await page.getByRole("link", { name: "Providers and prices" }).click();
  await expect(page.getByRole("heading", { name: "Providers", level: 1 })).toBeVisible();
  await expect(page.getByTestId("provider-simulator")).toContainText("Default");

  await page.getByRole("button", { name: "Add provider" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("Local Ollama");
  await dialog.getByLabel("Base URL").fill(endpoint.baseURL);
  await dialog.getByLabel("API key").fill(KEY);
  await dialog.getByLabel("Requests / min").fill("600");
  await dialog.getByRole("button", { name: "Add provider" }).click();
  await expect(page.getByText("Local Ollama added")).toBeVisible();
  await expect(dialog).toBeHidden();

  const row = page.locator("tr", { hasText: "Local Ollama" });
  await expect(row).toContainText("sk-...wxyz");
  await expect(row).toContainText("600 RPM");
  expect(await page.content()).not.toContain(KEY);

  await row.getByRole("button", { name: "Show the models of Local Ollama" }).click();
  await expect(page.getByRole("heading", { name: "Models and prices: Local Ollama" })).toBeVisible();
  const modelRow = page.getByTestId(`model-${MODEL}`);
  await expect(modelRow.getByTestId("price-unknown")).toBeVisible();
  // The server called the endpoint with the key it decrypted.
  expect(endpoint.authorizations()).toContain(`Bearer ${KEY}`);

  await modelRow.getByRole("button", { name: `Set price of ${MODEL}` }).click();
  const priceDialog = page.getByRole("dialog");
  await priceDialog.getByLabel("Input", { exact: true }).fill("0.2");
  await priceDialog.getByLabel("Output", { exact: true }).fill("0.8");
  await priceDialog.getByRole("button", { name: "Save price" }).click();
  await expect(page.getByText(`Price of ${MODEL} saved`)).toBeVisible();
  await expect(modelRow.getByTestId("price-unknown")).toHaveCount(0);
  await expect(modelRow).toContainText("$0.20");
  await expect(modelRow).toContainText("$0.80");
  await expect(modelRow).toContainText("entered");
  await expect(page.getByTestId("model-qwen2.5:7b").getByTestId("price-unknown")).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, "providers-1280.png"), fullPage: true });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await page.getByRole("button", { name: "Show the models of Local Ollama" }).click();
  await expect(page.getByTestId(`model-${MODEL}`)).toContainText("$0.20");
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.inner);
  await page.screenshot({ path: path.join(SHOTS, "providers-390.png"), fullPage: true });
});

test("a sample run picks the added provider and a model with no price: it runs there, at $0 marked price unknown", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/");
  await page.getByLabel("CSV file").setInputFiles({
    name: "tickets.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("id,text\n1,The app crashes on start\n2,Love the new design\n3,How do I export my data?\n"),
  });
  await page.getByTestId("upload-result").getByRole("link", { name: "Open dataset and write a prompt" }).click();
  await page.getByLabel("Prompt template").fill("Label this ticket: {{text}}");

  await page.getByLabel("Provider", { exact: true }).click();
  await page.getByRole("option", { name: "Local Ollama" }).click();
  await page.getByLabel("Model", { exact: true }).click();
  await expect(page.getByRole("option", { name: /llama3\.1:8b · \$0\.20 \/ \$0\.80/ })).toBeVisible();
  await page.getByRole("option", { name: /qwen2\.5:7b · price unknown/ }).click();
  await expect(page.getByText("No price known: this run will show $0.")).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, "providers-run-form.png"), fullPage: true });

  const calls = endpoint.models().length;
  await page.getByRole("button", { name: "Run sample" }).click();
  await expect(page).toHaveURL(/\/runs\//);
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "completed", { timeout: 60_000 });
  await expect(page.getByTestId("run-cost")).toHaveText("$0.00");
  await expect(page.getByTestId("price-unknown")).toBeVisible();
  await expect(page.getByTestId("run-provider")).toHaveText(" on Local Ollama");
  // The full run's preview asks the same provider (the simulator would refuse its model): the sample's answers are reused.
  await expect(page.getByTestId("projection-card")).toContainText("Already answered3 rows");
  await page.screenshot({ path: path.join(SHOTS, "providers-run-price-unknown.png"), fullPage: true });
  expect(endpoint.models().slice(calls)).toEqual(["qwen2.5:7b", "qwen2.5:7b", "qwen2.5:7b"]);
});
