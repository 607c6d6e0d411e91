// Renders one provider's Prisma schema from prisma/models.prisma. Pure, so the schema-sync test
// can check the committed files against it; plain .mjs so `node` runs it without a TS loader.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";

/** The databases Batchwise supports, keyed by the folder under prisma/ each one's files live in. */
export const PROVIDERS = /** @type {const} */ (["sqlite", "postgresql"]);

/** prisma/<dir>/ and lib/server/generated/<dir>/ for a provider (mirrors providerDir in lib/server/database-url.ts). */
export function providerDir(provider) {
  return provider === "postgresql" ? "postgres" : "sqlite";
}

export const HEADER = "// generated from prisma/models.prisma by npm run db:generate; do not edit";

/**
 * The generator settings are pinned rather than inferred from tsconfig: ESM .ts files with
 * extensionless imports load the same way under Next's Turbopack, tsx and Vitest.
 */
export function renderProviderSchema(models, provider) {
  const dir = providerDir(provider);
  return [
    HEADER,
    "",
    "datasource db {",
    `  provider = "${provider}"`,
    "}",
    "",
    "generator client {",
    '  provider               = "prisma-client"',
    `  output                 = "../../lib/server/generated/${dir}"`,
    '  runtime                = "nodejs"',
    '  moduleFormat           = "esm"',
    '  generatedFileExtension = "ts"',
    '  importFileExtension    = ""',
    "}",
    "",
    models.trimEnd(),
    "",
  ].join("\n");
}

export function schemaPath(root, provider) {
  return join(root, "prisma", providerDir(provider), "schema.prisma");
}

export function readModels(root) {
  return readFileSync(join(root, "prisma", "models.prisma"), "utf8");
}

/** Writes prisma/sqlite/schema.prisma and prisma/postgres/schema.prisma; returns their paths. */
export function writeProviderSchemas(root) {
  const models = readModels(root);
  return PROVIDERS.map((provider) => {
    const path = schemaPath(root, provider);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, renderProviderSchema(models, provider));
    return path;
  });
}
