// First launch against the built app on an empty database: pages lead to /setup, the owner is
// created once (of several set-ups racing, exactly one wins), then pages lead to sign-in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppServer } from "../support/app-server";
import { siblingDatabaseUrl } from "../support/test-database";

let app: AppServer;

beforeAll(async () => {
  const databaseUrl = siblingDatabaseUrl(process.env.BATCHWISE_TEST_DATABASE_URL ?? "", `first_${process.pid}`);
  app = await startApp({ databaseUrl, seedOwner: false });
}, 90_000);

afterAll(async () => {
  await app?.stop();
});

const setup = (body: unknown, origin: string = app.url) =>
  fetch(`${app.url}/api/setup`, { method: "POST", headers: { "content-type": "application/json", origin }, body: JSON.stringify(body) });

describe("first launch", () => {
  it("sends every page to /setup while nobody has an account", async () => {
    expect(await (await fetch(`${app.url}/api/setup`)).json()).toEqual({ needed: true });
    const page = await fetch(`${app.url}/runs`, { redirect: "manual" });
    expect(new URL(page.headers.get("location") ?? "", app.url).pathname).toBe("/setup");
    expect((await fetch(`${app.url}/api/runs`)).status).toBe(401);
  });

  it("refuses a weak password, and a set-up posted from another site", async () => {
    const weak = await setup({ email: "owner@first.test", password: "short" });
    expect(weak.status).toBe(422);
    expect(((await weak.json()) as { error: { message: string } }).error.message).toMatch(/at least 10 characters/);
    expect((await setup({ email: "owner@first.test", password: "long-enough-pw" }, "https://evil.example")).status).toBe(403);
    expect(await (await fetch(`${app.url}/api/setup`)).json()).toEqual({ needed: true });
  });

  it("creates one owner when several set-ups race, then closes", async () => {
    const responses = await Promise.all(
      ["a", "b", "c", "d"].map((who) => setup({ email: `${who}@first.test`, password: "long-enough-pw", name: who })),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409]);
    expect(await (await fetch(`${app.url}/api/setup`)).json()).toEqual({ needed: false });

    const winner = (await Promise.all(responses.map((response) => response.json()))).find((body) => "user" in body) as { user: { email: string; role: string } };
    expect(winner.user.role).toBe("owner");
    const signIn = await fetch(`${app.url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.url },
      body: JSON.stringify({ email: winner.user.email, password: "long-enough-pw" }),
    });
    expect(signIn.status).toBe(200);
    const page = await fetch(`${app.url}/runs`, { redirect: "manual" });
    expect(page.headers.get("location")).toContain("/sign-in?next=%2Fruns");
  });
});
