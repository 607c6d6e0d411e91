// Types for render-schema.mjs (plain JS so `node` runs db:generate without a TypeScript loader).
export type SchemaProvider = "sqlite" | "postgresql";
export const PROVIDERS: readonly SchemaProvider[];
export const HEADER: string;
export function providerDir(provider: SchemaProvider): "sqlite" | "postgres";
export function renderProviderSchema(models: string, provider: SchemaProvider): string;
export function schemaPath(root: string, provider: SchemaProvider): string;
export function readModels(root: string): string;
export function writeProviderSchemas(root: string): string[];
