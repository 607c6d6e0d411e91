// Who is calling: a user signed in with a session cookie, or a script with `Authorization: Bearer
// <key>`. A key acts with its user's role; a disabled (banned) user is nobody, by cookie or by key.
import { db } from "@/lib/db";
import { auth } from "./auth";
import { bearerToken } from "./bearer";
import { parseRole, type Role } from "./roles";

export interface Caller {
  userId: string;
  email: string;
  name: string;
  /** null: a user whose role is not one of Batchwise's; it may do nothing. */
  role: Role | null;
  via: "session" | "api-key";
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  role?: string | null;
  banned?: boolean | null;
  banExpires?: Date | null;
}

export async function resolveCaller(request: Request): Promise<Caller | null> {
  const token = bearerToken(request);
  if (token) return callerFromApiKey(token);
  const session = await auth.api.getSession({ headers: request.headers });
  return session ? toCaller(session.user, "session") : null;
}

async function callerFromApiKey(key: string): Promise<Caller | null> {
  // verifyApiKey checks the hash, enabled and expiry, and stamps lastRequest (the key's last use).
  const result = await auth.api.verifyApiKey({ body: { key } });
  if (!result.valid || !result.key) return null;
  const user = await db.user.findUnique({ where: { id: result.key.referenceId } });
  return user ? toCaller(user, "api-key") : null;
}

function toCaller(user: UserRow, via: Caller["via"]): Caller | null {
  if (isBanned(user)) return null;
  return { userId: user.id, email: user.email, name: user.name, role: parseRole(user.role), via };
}

function isBanned(user: UserRow, now: Date = new Date()): boolean {
  if (!user.banned) return false;
  return !user.banExpires || user.banExpires > now;
}
