// Small pieces for the few raw SQL statements on hot paths (bulk inserts), for both databases.
import "server-only";
import type { DbTarget } from "@/lib/server/db";

export const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A Prisma model's table as Prisma's own queries name it: schema-qualified on PostgreSQL. */
export function qualifiedTable(target: DbTarget, table: string): string {
  return target.provider === "sqlite" ? quoteIdentifier(table) : `${quoteIdentifier(target.schema ?? "public")}.${quoteIdentifier(table)}`;
}

/** SQLite stores Prisma DateTime values as ISO text with an explicit offset; write them the same way. */
export const sqliteTimestamp = (date: Date) => date.toISOString().replace("Z", "+00:00");
