// The committed provider schemas must be exactly what `npm run db:generate` writes from
// prisma/models.prisma: editing one by hand, or the models without regenerating, fails here.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PROVIDERS, readModels, renderProviderSchema, schemaPath } from "@/scripts/render-schema.mjs";

const root = process.cwd();

describe("provider schemas", () => {
  it.each(PROVIDERS)("prisma/%s schema.prisma is generated from models.prisma", (provider) => {
    const committed = readFileSync(schemaPath(root, provider), "utf8");
    expect(committed, "run npm run db:generate (and db:migration:new if the models changed)").toBe(
      renderProviderSchema(readModels(root), provider),
    );
  });

  it("differs between providers only in the datasource and client output", () => {
    const models = readModels(root);
    const sqlite = renderProviderSchema(models, "sqlite");
    const postgres = renderProviderSchema(models, "postgresql");
    expect(postgres.replace('"postgresql"', '"sqlite"').replace("generated/postgres", "generated/sqlite")).toBe(sqlite);
  });
});
