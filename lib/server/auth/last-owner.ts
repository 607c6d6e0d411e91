// Batchwise must keep one owner who can sign in: otherwise nobody can manage users again without a
// shell. Checked before the admin plugin demotes, disables or deletes a user.
import "server-only";
import { db } from "@/lib/server/db";

export const LAST_OWNER_MESSAGE = "Batchwise needs at least one active owner: make someone else owner first.";

/** Whether this admin action would take away the last active owner. */
export async function removesLastOwner(path: string, body: Record<string, unknown>): Promise<boolean> {
  const userId = typeof body.userId === "string" ? body.userId : null;
  if (!userId) return false;
  const stillOwner = path === "/admin/set-role" && body.role === "owner";
  const affects = path === "/admin/ban-user" || path === "/admin/remove-user" || (path === "/admin/set-role" && !stillOwner);
  if (!affects) return false;
  const target = await db.user.findUnique({ where: { id: userId }, select: { role: true } });
  if (target?.role !== "owner") return false;
  const activeOwners = await db.user.count({ where: { role: "owner", OR: [{ banned: false }, { banned: null }] } });
  return activeOwners <= 1;
}
