// First launch on a fresh database: every page leads to "Create the owner account"; once it exists
// the owner is signed in. The session is saved for the specs that follow (playwright.config.ts).
import path from "node:path";
import { expect, test as setup } from "@playwright/test";
import { E2E_OWNER, OWNER_STATE, SHOTS } from "./e2e-accounts";

setup("first launch: the owner account is created, then sign-in is required", async ({ page }) => {
  await page.goto("/runs");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Create the owner account" })).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, "00-first-launch-setup.png"), fullPage: true });
  // On a phone too, the form fits the screen (tests/e2e/phone-layout.spec.ts checks every other page).
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: path.join(SHOTS, "phone-setup-390.png"), fullPage: true });
  await page.setViewportSize({ width: 1366, height: 768 });

  // A weak password is refused with the rule, and nothing is created.
  await page.getByLabel("Name").fill(E2E_OWNER.name);
  await page.getByLabel("E-mail").fill(E2E_OWNER.email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create the owner account" }).click();
  await expect(page.locator("form").getByRole("alert")).toContainText("at least 10 characters");

  await page.getByLabel("Password").fill(E2E_OWNER.password);
  await page.getByRole("button", { name: "Create the owner account" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("user-menu")).toBeVisible();

  // Set-up is closed now: the page sends people to sign in instead.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.context().storageState({ path: OWNER_STATE });
});
