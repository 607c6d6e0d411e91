// Whether anyone has an account yet. Once true it stays true for the process (users are never all
// removed: the last owner cannot be), so the proxy asks the database only until set-up is done.
import "server-only";
import { db } from "@/lib/server/db";

const globalForSetup = globalThis as typeof globalThis & { batchwiseHasUsers?: boolean };

export async function anyUserExists(): Promise<boolean> {
  if (globalForSetup.batchwiseHasUsers) return true;
  const exists = (await db.user.findFirst({ select: { id: true } })) !== null;
  if (exists) globalForSetup.batchwiseHasUsers = true;
  return exists;
}
