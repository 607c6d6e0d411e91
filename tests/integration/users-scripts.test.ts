// The headless set-up scripts against a database of their own: clear refusals with a non-zero exit
// (bad role, duplicate e-mail, weak password, unknown user), and the key alone on the last line.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type DbClient } from "@/lib/server/db";
import { resetDatabase, siblingDatabaseUrl } from "../support/test-database";

const root = path.resolve(__dirname, "../..");
let databaseUrl: string;
let client: DbClient;

async function script(name: "users-create" | "api-keys-create", args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", path.join(root, `scripts/${name}.ts`), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  databaseUrl = siblingDatabaseUrl(process.env.BATCHWISE_TEST_DATABASE_URL ?? "", `scripts_${process.pid}`);
  await resetDatabase(databaseUrl);
  client = createDbClient(databaseUrl);
}, 60_000);

afterAll(async () => {
  await client?.$disconnect();
});

describe("npm run users:create and api-keys:create", () => {
  it("creates a user, then refuses the same e-mail again", async () => {
    const created = await script("users-create", ["--email", "Ops@Example.com", "--password", "long-enough-pw", "--role", "operator", "--name", "Ops"]);
    expect(created.code).toBe(0);
    expect(await client.user.findUnique({ where: { email: "ops@example.com" } })).toMatchObject({ role: "operator", name: "Ops" });

    const again = await script("users-create", ["--email", "ops@example.com", "--password", "long-enough-pw", "--role", "reviewer"]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain("already exists");
  });

  it.each([
    [["--email", "a@example.com", "--password", "long-enough-pw", "--role", "admin"], "role must be one of owner, operator, reviewer"],
    [["--email", "a@example.com", "--password", "short", "--role", "owner"], "at least 10 characters"],
    [["--email", "not-an-email", "--password", "long-enough-pw", "--role", "owner"], "e-mail address"],
    [["--email", "a@example.com", "--password", "long-enough-pw"], "role must be one of"],
    [["--email", "a@example.com", "--bogus", "x"], "Unknown option"],
  ])("refuses %j with a clear message", async (args, message) => {
    const result = await script("users-create", args);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(message);
    expect(await client.user.findUnique({ where: { email: "a@example.com" } })).toBeNull();
  });

  it("prints the new key alone on the last line; it is stored hashed", async () => {
    const result = await script("api-keys-create", ["--email", "ops@example.com", "--name", "ci"]);
    expect(result.code).toBe(0);
    const key = result.stdout.trim().split("\n").at(-1) ?? "";
    expect(key).toMatch(/^bw_[A-Za-z]{64}$/);
    const stored = await client.apikey.findMany({ where: { name: "ci" } });
    expect(stored).toHaveLength(1);
    expect(stored[0]?.key).not.toBe(key);
  });

  it("refuses a key for an unknown user", async () => {
    const result = await script("api-keys-create", ["--email", "nobody@example.com", "--name", "ci"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("No user has the e-mail nobody@example.com");
  });
});
