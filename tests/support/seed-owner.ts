// Run by tests/support/app-server.ts against a spawned app's database (DATABASE_URL): the owner
// account (created once) and a fresh API key for it, printed alone on the last line. Goes through
// lib/server/auth/users.ts, the code the users:create and api-keys:create scripts use.
import { createApiKeyFor, createUser } from "../../lib/server/auth/users";
import { db } from "../../lib/server/db";
import { runCli } from "../../scripts/cli-errors";
import { TEST_OWNER_EMAIL, TEST_OWNER_PASSWORD } from "./seed-owner-account";

void runCli(async () => {
  if (!(await db.user.findUnique({ where: { email: TEST_OWNER_EMAIL } }))) {
    await createUser({ email: TEST_OWNER_EMAIL, password: TEST_OWNER_PASSWORD, role: "owner", name: "Test owner" });
  }
  console.log((await createApiKeyFor({ email: TEST_OWNER_EMAIL, name: "test-server" })).key);
});
