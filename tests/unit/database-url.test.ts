import { describe, expect, it } from "vitest";
import { databaseProvider, describeDatabase, postgresSchema, resolveSqlitePath } from "@/lib/server/database-url";

describe("database URLs", () => {
  it("picks the provider from the scheme", () => {
    expect(databaseProvider("file:./.data/app.db")).toBe("sqlite");
    expect(databaseProvider("postgres://u@h/db")).toBe("postgresql");
    expect(databaseProvider("postgresql://u@h/db")).toBe("postgresql");
    expect(() => databaseProvider("mysql://u@h/db")).toThrow(/Unsupported DATABASE_URL scheme "mysql:"/);
  });

  it("resolves SQLite paths from the project root, not the schema folder", () => {
    expect(resolveSqlitePath("file:./.data/app.db", "/srv/app")).toBe("/srv/app/.data/app.db");
    expect(resolveSqlitePath("file:data/app.db?connection_limit=1", "/srv/app")).toBe("/srv/app/data/app.db");
    expect(resolveSqlitePath("file:/var/lib/app.db", "/srv/app")).toBe("/var/lib/app.db");
    expect(resolveSqlitePath("file:///var/lib/app.db", "/srv/app")).toBe("/var/lib/app.db");
  });

  it("reads Prisma's ?schema= and hides credentials in descriptions", () => {
    expect(postgresSchema("postgres://u:secret@h:5432/db?schema=batchwise")).toBe("batchwise");
    expect(postgresSchema("postgres://u@h/db")).toBeUndefined();
    expect(describeDatabase("postgres://u:secret@h:5432/db")).toBe("postgresql (h:5432/db)");
  });
});
