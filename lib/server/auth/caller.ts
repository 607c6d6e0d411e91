// Who is calling: a user signed in with a session cookie, or a script with `Authorization: Bearer
// <key>`. A key acts with its user's role; a disabled (banned) user is nobody, by cookie or by key.
import "server-only";
import { defaultKeyHasher } from "@better-auth/api-key";
import { db } from "@/lib/server/db";
import { auth } from "./auth";
import { bearerToken } from "./bearer";
import { parseRole, type Role } from "@/lib/shared/roles";

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

/**
 * Last use is stamped at most this often. better-auth's verifyApiKey writes it on every call, and on
 * SQLite every write queues behind the one writer: a poll every 250 ms would be a write every 250 ms.
 */
export const LAST_USED_RESOLUTION_MS = 60_000;

// The key is looked up by the hash the api-key plugin stores (its own hasher), and refused when the
// plugin would refuse it (disabled, expired); keys are created, listed and revoked by the plugin.
async function callerFromApiKey(key: string): Promise<Caller | null> {
  const row = await db.apikey.findFirst({ where: { key: await defaultKeyHasher(key) }, include: { user: true } });
  const now = new Date();
  if (!row || row.enabled === false || (row.expiresAt && row.expiresAt <= now)) return null;
  if (!row.lastRequest || now.getTime() - row.lastRequest.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db.apikey.updateMany({ where: { id: row.id }, data: { lastRequest: now } });
  }
  return toCaller(row.user, "api-key");
}

function toCaller(user: UserRow, via: Caller["via"]): Caller | null {
  if (isBanned(user)) return null;
  return { userId: user.id, email: user.email, name: user.name, role: parseRole(user.role), via };
}

function isBanned(user: UserRow, now: Date = new Date()): boolean {
  if (!user.banned) return false;
  return !user.banExpires || user.banExpires > now;
}
