// The users the owner manages: who they are, their role, whether they are disabled. No secrets.
import "server-only";
import { db } from "@/lib/server/db";

export interface UserSummary {
  id: string;
  email: string;
  name: string;
  role: string | null;
  disabled: boolean;
  createdAt: string;
}

export async function listUsers(): Promise<UserSummary[]> {
  const users = await db.user.findMany({
    orderBy: { createdAt: "asc" },
    select: { id: true, email: true, name: true, role: true, banned: true, banExpires: true, createdAt: true },
  });
  const now = new Date();
  return users.map(({ banned, banExpires, createdAt, ...user }) => ({
    ...user,
    disabled: Boolean(banned) && (!banExpires || banExpires > now),
    createdAt: createdAt.toISOString(),
  }));
}
