// Whether the database answers, for GET /api/health: one trivial query, logged when it fails.
import "server-only";
import { db } from "@/lib/server/db";

export async function databaseReachable(): Promise<boolean> {
  try {
    await db.$queryRawUnsafe("SELECT 1");
    return true;
  } catch (error) {
    console.error("[health] database unreachable", error);
    return false;
  }
}
