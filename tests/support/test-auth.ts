// In-process route tests call handlers as Next does, so they must authenticate like any caller: a
// real user and API key on the test database (made through lib/server/auth/users.ts, as the scripts make
// them), sent as Authorization: Bearer. Made once per test file, on first use.
import { randomUUID } from "node:crypto";
import type { Role } from "@/lib/shared/roles";

type Handler<C> = (request: Request, context: C) => Promise<Response>;

const keys = new Map<Role, Promise<string>>();

/** An API key of a fresh user with this role. */
export function testApiKey(role: Role = "owner"): Promise<string> {
  let key = keys.get(role);
  if (!key) {
    key = createKey(role);
    keys.set(role, key);
  }
  return key;
}

async function createKey(role: Role): Promise<string> {
  const { createApiKeyFor, createUser } = await import("@/lib/server/auth/users");
  const email = `${role}-${randomUUID()}@test.batchwise.local`;
  await createUser({ email, password: "test-password-1", role });
  return (await createApiKeyFor({ email, name: "test" })).key;
}

/** The handler, called with this role's key in the request (the context may be left out for routes without params). */
export function asRole<C>(handler: Handler<C>, role: Role = "owner"): (request: Request, context?: C) => Promise<Response> {
  return async (request, context) => {
    request.headers.set("authorization", `Bearer ${await testApiKey(role)}`);
    return handler(request, context as C);
  };
}
