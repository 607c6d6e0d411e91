// Accounts and access against the built app (`next start`): the role matrix (owner, operator,
// reviewer, anonymous, revoked key, disabled user) over the main actions, who-did-what, cookie
// sessions refused cross-site, the sign-in limit, the public endpoints, and the simulator refusing
// outside callers. Users and keys are made as the UI makes them: better-auth's admin and api-key
// endpoints with the owner's session cookie.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type DbClient } from "@/lib/server/db";
import { startApp, type AppServer } from "../support/app-server";
import { TEST_OWNER_EMAIL, TEST_OWNER_PASSWORD } from "../support/seed-owner-account";
import { siblingDatabaseUrl } from "../support/test-database";

type Who = "owner" | "operator" | "reviewer" | "anonymous" | "revoked" | "disabled";
const PASSWORD = "a-long-enough-password";

let app: AppServer;
let client: DbClient;
let ownerCookie: string;
const keys: Partial<Record<Who, string>> = {};
const userIds: Partial<Record<Who, string>> = {};


async function call(who: Who, method: string, path: string, body?: unknown | FormData): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = {};
  const key = keys[who];
  if (key) headers.authorization = `Bearer ${key}`;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const response = await fetch(`${app.url}${path}`, { method, headers, body: payload });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

/** POST to better-auth as a browser on this origin would. */
async function authPost(path: string, body: unknown, cookie?: string) {
  const response = await fetch(`${app.url}/api/auth${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.url, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown>, cookie: sessionCookie(response) };
}

function sessionCookie(response: Response): string {
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
}

async function signIn(email: string, password: string): Promise<string> {
  const { status, cookie } = await authPost("/sign-in/email", { email, password });
  expect(status).toBe(200);
  return cookie;
}

/** A user made by the owner, signed in once to create its own key. */
async function addUser(who: Who, role: "operator" | "reviewer"): Promise<void> {
  const email = `${who}@access.test`;
  const created = await authPost("/admin/create-user", { email, password: PASSWORD, name: who, role }, ownerCookie);
  expect(created.status).toBe(200);
  userIds[who] = (created.body.user as { id: string }).id;
  const cookie = await signIn(email, PASSWORD);
  const key = await authPost("/api-key/create", { name: `${who} key` }, cookie);
  expect(key.status).toBe(200);
  keys[who] = key.body.key as string;
}

function csvForm(name: string): FormData {
  const form = new FormData();
  form.append("file", new Blob(["name,notes\nAda,pricing\nBo,refund\nCy,bug\nDi,other\n"], { type: "text/csv" }), `${name}.csv`);
  return form;
}

beforeAll(async () => {
  const databaseUrl = siblingDatabaseUrl(process.env.BATCHWISE_TEST_DATABASE_URL ?? "", `access_${process.pid}`);
  // Every model call fails: with no retries each item lands in review at once.
  app = await startApp({ databaseUrl, env: { SIMULATOR_FAILURE_RATE: "1", SIMULATOR_LATENCY_MS: "1" } });
  client = createDbClient(databaseUrl);
  keys.owner = app.apiKey;
  ownerCookie = await signIn(TEST_OWNER_EMAIL, TEST_OWNER_PASSWORD);
  await addUser("operator", "operator");
  await addUser("reviewer", "reviewer");
  await addUser("revoked", "operator");
  await addUser("disabled", "operator");
  // Revoked: the owner of the key deletes it. Disabled: the owner bans the user.
  const revokedCookie = await signIn("revoked@access.test", PASSWORD);
  const listed = await fetch(`${app.url}/api/auth/api-key/list`, { headers: { cookie: revokedCookie } });
  const revokedKeys = (await listed.json()) as { apiKeys: { id: string }[] } | { id: string }[];
  const keyId = (Array.isArray(revokedKeys) ? revokedKeys : revokedKeys.apiKeys)[0]?.id;
  expect((await authPost("/api-key/delete", { keyId }, revokedCookie)).status).toBe(200);
  expect((await authPost("/admin/ban-user", { userId: userIds.disabled }, ownerCookie)).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await client?.$disconnect();
  await app?.stop();
});

const EVERYONE: Who[] = ["owner", "operator", "reviewer", "anonymous", "revoked", "disabled"];
const refused = (who: Who) => (who === "anonymous" || who === "revoked" || who === "disabled" ? 401 : 403);

async function sampleRun(datasetId: string): Promise<string> {
  const run = await call("owner", "POST", "/api/runs", { datasetId, kind: "sample", sampleSize: 4, prompt: { template: "Classify: {{notes}}" }, maxRetries: 0, errorThreshold: 1 });
  expect(run.status).toBe(201);
  return run.body.id as string;
}

async function reviewItems(runId: string): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    const run = await call("owner", "GET", `/api/runs/${runId}`);
    if (["completed", "failed", "cancelled"].includes(run.body.status as string)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const page = await call("owner", "GET", `/api/runs/${runId}/items?status=needs_review`);
  return (page.body.items as { id: string }[]).map((item) => item.id);
}

describe("the role matrix", () => {
  it("upload: owner and operator; the uploader is recorded", async () => {
    const expected: Record<Who, number> = { owner: 201, operator: 201, reviewer: 403, anonymous: 401, revoked: 401, disabled: 401 };
    for (const who of EVERYONE) {
      const { status, body } = await call(who, "POST", "/api/datasets", csvForm(`by-${who}`));
      expect({ who, status }).toEqual({ who, status: expected[who] });
      if (who === "operator") {
        const stored = await client.dataset.findUniqueOrThrow({ where: { id: body.id as string } });
        expect(stored.createdById).toBe(userIds.operator);
        expect(body.createdBy).toBe("operator@access.test");
        expect((await call("reviewer", "GET", `/api/datasets/${body.id as string}`)).body.createdBy).toBe("operator@access.test");
      }
      if (status >= 400) expect((body.error as { code: string }).code).toBe(status === 401 ? "unauthenticated" : "forbidden");
    }
  });

  it("create a run and pause it: owner and operator; the launcher is recorded", async () => {
    const dataset = await call("owner", "POST", "/api/datasets", csvForm("runs"));
    const body = { datasetId: dataset.body.id, kind: "sample", sampleSize: 2, prompt: { template: "Classify: {{notes}}" }, maxRetries: 0, errorThreshold: 1 };
    for (const who of EVERYONE) {
      const created = await call(who, "POST", "/api/runs", body);
      expect({ who, status: created.status }).toEqual({ who, status: who === "owner" || who === "operator" ? 201 : refused(who) });
      if (who === "operator") {
        expect((await client.run.findUniqueOrThrow({ where: { id: created.body.id as string } })).createdById).toBe(userIds.operator);
        expect((await call("reviewer", "GET", `/api/runs/${created.body.id as string}`)).body.createdBy).toBe("operator@access.test");
      }
    }
    const runId = await sampleRun(dataset.body.id as string);
    for (const who of EVERYONE) {
      const { status } = await call(who, "POST", `/api/runs/${runId}/pause`);
      // Allowed: paused, or 409 once it has finished or is paused already.
      if (who === "owner" || who === "operator") expect([200, 409]).toContain(status);
      else expect({ who, status }).toEqual({ who, status: refused(who) });
    }
    // Changing a run's budget or breaker threshold is an operator's, like resuming it.
    for (const who of EVERYONE) {
      const { status } = await call(who, "PATCH", `/api/runs/${runId}`, { errorThreshold: 0.5 });
      if (who === "owner" || who === "operator") expect([200, 409]).toContain(status);
      else expect({ who, status }).toEqual({ who, status: refused(who) });
    }
  });

  it("review resolve: owner, operator and reviewer; the reviewer is recorded", async () => {
    const dataset = await call("owner", "POST", "/api/datasets", csvForm("review"));
    const runId = await sampleRun(dataset.body.id as string);
    const items = await reviewItems(runId);
    expect(items.length).toBeGreaterThanOrEqual(3);
    const allowed: Who[] = ["owner", "operator", "reviewer"];
    for (const who of EVERYONE) {
      const itemId = allowed.includes(who) ? items[allowed.indexOf(who)] : items[3] ?? items[0];
      const { status } = await call(who, "POST", `/api/review/${itemId}`, { action: "resolve", output: `by ${who}` });
      expect({ who, status }).toEqual({ who, status: allowed.includes(who) ? 200 : refused(who) });
    }
    const reviewed = await client.runItem.findUniqueOrThrow({ where: { id: items[2] ?? "" } });
    expect(reviewed.reviewedById).toBe(userIds.reviewer);
    // The export of the review decisions says who took each.
    const exported = await (await app.fetch(`/api/runs/${runId}/export?format=json`)).json() as { itemId: string; reviewAction: string; reviewedBy: string }[];
    expect(exported.find((item) => item.itemId === items[2])).toMatchObject({ resolution: "person", reviewAction: "resolve", reviewedBy: "reviewer@access.test" });
  });

  it("reading runs and datasets: every signed-in role", async () => {
    for (const who of EVERYONE) {
      const runs = await call(who, "GET", "/api/runs");
      const datasets = await call(who, "GET", "/api/datasets");
      const expected = ["owner", "operator", "reviewer"].includes(who) ? 200 : 401;
      expect({ who, runs: runs.status, datasets: datasets.status }).toEqual({ who, runs: expected, datasets: expected });
    }
  });

  it("users list: owner only", async () => {
    for (const who of EVERYONE) {
      const { status, body } = await call(who, "GET", "/api/users");
      expect({ who, status }).toEqual({ who, status: who === "owner" ? 200 : refused(who) });
      if (who === "owner") {
        const users = body.items as { email: string; role: string; disabled: boolean }[];
        expect(users.find((user) => user.email === "disabled@access.test")).toMatchObject({ role: "operator", disabled: true });
        expect(JSON.stringify(users)).not.toMatch(/password|hash/i);
      }
    }
  });

  it("GET /api/me names the caller and its role", async () => {
    expect((await call("reviewer", "GET", "/api/me")).body).toMatchObject({ user: { email: "reviewer@access.test", role: "reviewer" }, via: "api-key" });
    const bySession = await fetch(`${app.url}/api/me`, { headers: { cookie: ownerCookie } });
    expect(await bySession.json()).toMatchObject({ user: { email: TEST_OWNER_EMAIL, role: "owner" }, via: "session" });
  });
});

describe("sessions, keys and accounts", () => {
  it("a cookie-authenticated mutation from another site is refused; a key is not a cookie", async () => {
    const crossSite = await fetch(`${app.url}/api/datasets`, { method: "POST", headers: { cookie: ownerCookie, origin: "https://evil.example" }, body: csvForm("x") });
    expect(crossSite.status).toBe(403);
    const sameSite = await fetch(`${app.url}/api/datasets`, { method: "POST", headers: { cookie: ownerCookie, origin: app.url }, body: csvForm("same-site") });
    expect(sameSite.status).toBe(201);
    const withKey = await fetch(`${app.url}/api/datasets`, { method: "POST", headers: { ...app.headers, origin: "https://evil.example" }, body: csvForm("key") });
    expect(withKey.status).toBe(201);
  });

  it("session cookies are httpOnly and SameSite=Lax", async () => {
    const response = await fetch(`${app.url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.url },
      body: JSON.stringify({ email: "operator@access.test", password: PASSWORD }),
    });
    const session = response.headers.getSetCookie().find((cookie) => cookie.includes("session_token"));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
  });

  it("a key's last use is recorded, and only its hash is stored", async () => {
    const stored = await client.apikey.findMany({ where: { referenceId: userIds.reviewer } });
    expect(stored).toHaveLength(1);
    expect(stored[0]?.lastRequest).toBeInstanceOf(Date);
    expect(stored[0]?.key).not.toBe(keys.reviewer);
  });

  it("the owner cannot leave Batchwise without an owner", async () => {
    const owner = await client.user.findUniqueOrThrow({ where: { email: TEST_OWNER_EMAIL } });
    const demote = await authPost("/admin/set-role", { userId: owner.id, role: "operator" }, ownerCookie);
    expect(demote.status).toBe(400);
    expect(String(demote.body.message)).toMatch(/at least one active owner/);
  });

  it("the owner only may manage users; a short password is refused", async () => {
    const reviewerCookie = await signIn("reviewer@access.test", PASSWORD);
    expect((await authPost("/admin/create-user", { email: "x@access.test", password: PASSWORD, name: "x", role: "owner" }, reviewerCookie)).status).toBe(403);
    const weak = await authPost("/admin/create-user", { email: "weak@access.test", password: "short", name: "weak", role: "reviewer" }, ownerCookie);
    expect(weak.status).toBe(400);
    expect(String(weak.body.message)).toMatch(/at least 10 characters/);
  });

  it("sign-in attempts are limited per account and address, with one message for all", async () => {
    const attempt = (password: string) => authPost("/sign-in/email", { email: "limited@access.test", password });
    expect((await authPost("/admin/create-user", { email: "limited@access.test", password: PASSWORD, name: "l", role: "reviewer" }, ownerCookie)).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt("wrong-password-123")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const limited = await attempt(PASSWORD);
    expect(limited.status).toBe(429);
    expect(String(limited.body.message)).not.toContain("limited@access.test");
    // Another account from the same address is not held back by it.
    expect((await authPost("/sign-in/email", { email: "operator@access.test", password: PASSWORD })).status).toBe(200);
  });
});

describe("public endpoints and the simulator", () => {
  it("GET /api/health answers anyone, with no data", async () => {
    const { status, body } = await call("anonymous", "GET", "/api/health");
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, database: "up", executor: "local", version: expect.any(String) });
  });

  it("set-up is closed once a user exists", async () => {
    expect((await call("anonymous", "GET", "/api/setup")).body).toEqual({ needed: false });
    const again = await fetch(`${app.url}/api/setup`, { method: "POST", headers: { "content-type": "application/json", origin: app.url }, body: JSON.stringify({ email: "late@access.test", password: PASSWORD }) });
    expect(again.status).toBe(409);
  });

  it("the simulator refuses an anonymous outside caller, and answers a signed-in one", async () => {
    const request = { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] };
    expect((await call("anonymous", "POST", "/api/simulator/v1/chat/completions", request)).status).toBe(401);
    expect((await call("anonymous", "GET", "/api/simulator/v1/models")).status).toBe(401);
    const forged = await fetch(`${app.url}/api/simulator/v1/models`, { headers: { authorization: "Bearer sk-batchwise-simulator" } });
    expect(forged.status).toBe(401);
    expect((await call("reviewer", "GET", "/api/simulator/v1/models")).status).toBe(200);
  });

  it("pages send an anonymous visitor to sign-in and back", async () => {
    const response = await fetch(`${app.url}/runs?x=1`, { redirect: "manual" });
    expect(response.status).toBeGreaterThanOrEqual(300);
    expect(response.status).toBeLessThan(400);
    expect(response.headers.get("location")).toContain(`/sign-in?next=${encodeURIComponent("/runs?x=1")}`);
  });
});
