// The providers a run can call: the environment's (read-only), the simulator, and the ones an owner
// adds. A key goes in encrypted and never comes out: the API shows its last 4 characters.
import "server-only";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { defaultProviderId, environmentProvider, simulatorProvider, type ResolvedProvider } from "@/lib/server/providers/resolve";
import { encryptSecret, keyLast4 } from "@/lib/server/providers/secret-box";
import type { ProviderView } from "@/lib/shared/api-types";
import { createProviderSchema, DEFAULT_PROVIDER_ID, SIMULATOR_PROVIDER_ID, updateProviderSchema } from "@/lib/shared/provider-settings";

type ProviderRow = NonNullable<Awaited<ReturnType<typeof db.provider.findUnique>>>;

async function runCounts(): Promise<Map<string | null, number>> {
  const groups = await db.run.groupBy({ by: ["providerId"], _count: { _all: true } });
  return new Map(groups.map((g) => [g.providerId, g._count._all]));
}

function builtInView(provider: ResolvedProvider, counts: Map<string | null, number>): ProviderView {
  const isDefault = provider.id === defaultProviderId();
  return {
    id: provider.id,
    name: provider.name,
    baseUrl: provider.kind === "simulator" ? "(built in)" : provider.endpoint.baseURL,
    kind: provider.kind,
    isDefault,
    apiKeyLast4: provider.kind === "environment" ? keyLast4(provider.endpoint.apiKey) : null,
    rpm: provider.limits.rpm || null,
    tpm: provider.limits.tpm || null,
    batchApi: provider.batchApi,
    // Runs from before providers named none: they call whatever the environment serves.
    runCount: (counts.get(provider.id) ?? 0) + (isDefault ? (counts.get(null) ?? 0) : 0),
    createdAt: null,
  };
}

function rowView(row: ProviderRow, counts: Map<string | null, number>): ProviderView {
  return {
    id: row.id,
    name: row.name,
    baseUrl: row.baseUrl,
    kind: "custom",
    isDefault: false,
    apiKeyLast4: row.apiKeyLast4,
    rpm: row.rpmLimit,
    tpm: row.tpmLimit,
    batchApi: row.batchApi,
    runCount: counts.get(row.id) ?? 0,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listProviders(): Promise<ProviderView[]> {
  const [rows, counts] = await Promise.all([db.provider.findMany({ orderBy: { name: "asc" } }), runCounts()]);
  const builtIns = [environmentProvider(), simulatorProvider()].filter((p): p is ResolvedProvider => p !== null);
  return [...builtIns.map((p) => builtInView(p, counts)), ...rows.map((row) => rowView(row, counts))];
}

export async function getProvider(id: string): Promise<ProviderView> {
  const found = (await listProviders()).find((p) => p.id === id);
  if (!found) throw notFound("Provider", id);
  return found;
}

function isBuiltIn(id: string): boolean {
  return id === DEFAULT_PROVIDER_ID || id === SIMULATOR_PROVIDER_ID;
}

function refuseBuiltIn(id: string): void {
  if (!isBuiltIn(id)) return;
  const why = id === DEFAULT_PROVIDER_ID ? "is set by the OPENAI_* environment settings" : "is built in";
  throw new AppError("conflict", `The provider "${id}" ${why}; it cannot be changed here.`, { field: "id", id });
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}

function nameTaken(name: string): AppError {
  return new AppError("conflict", `name: a provider named "${name}" exists already.`, { field: "name" });
}

function keyColumns(apiKey: string | null): { apiKeyCipher: string | null; apiKeyLast4: string | null } {
  return apiKey === null ? { apiKeyCipher: null, apiKeyLast4: null } : { apiKeyCipher: encryptSecret(apiKey), apiKeyLast4: keyLast4(apiKey) };
}

export async function createProvider(body: unknown): Promise<ProviderView> {
  const input = createProviderSchema.parse(body);
  if (isBuiltIn(input.name.toLowerCase())) throw new AppError("validation_failed", `name: "${input.name}" is reserved.`, { field: "name" });
  try {
    const row = await db.provider.create({
      data: { name: input.name, baseUrl: input.baseUrl, ...keyColumns(input.apiKey ?? null), rpmLimit: input.rpm ?? null, tpmLimit: input.tpm ?? null, batchApi: input.batchApi },
    });
    return rowView(row, new Map());
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}

export async function updateProvider(id: string, body: unknown): Promise<ProviderView> {
  refuseBuiltIn(id);
  const input = updateProviderSchema.parse(body);
  const data = {
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.baseUrl === undefined ? {} : { baseUrl: input.baseUrl }),
    ...(input.apiKey === undefined ? {} : keyColumns(input.apiKey)),
    ...(input.rpm === undefined ? {} : { rpmLimit: input.rpm }),
    ...(input.tpm === undefined ? {} : { tpmLimit: input.tpm }),
    ...(input.batchApi === undefined ? {} : { batchApi: input.batchApi }),
  };
  try {
    const { count } = await db.provider.updateMany({ where: { id }, data });
    if (count === 0) throw notFound("Provider", id);
  } catch (error) {
    if (isUniqueViolation(error) && input.name) throw nameTaken(input.name);
    throw error;
  }
  return getProvider(id);
}

/** Refused (409) while any run uses it: its runs must still be able to resume, retry and report. */
export async function deleteProvider(id: string): Promise<void> {
  refuseBuiltIn(id);
  await db.$transaction(async (tx) => {
    const runs = await tx.run.count({ where: { providerId: id } });
    if (runs > 0) {
      throw new AppError("conflict", `The provider is used by ${runs} run${runs === 1 ? "" : "s"}; delete those runs first.`, { field: "id", id, runCount: runs });
    }
    const { count } = await tx.provider.deleteMany({ where: { id } });
    if (count === 0) throw notFound("Provider", id);
    await tx.providerModelPrice.deleteMany({ where: { providerId: id } });
  });
}
