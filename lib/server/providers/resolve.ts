// Which endpoint a provider id means, with its decrypted key and known limits: what a run's calls
// are built from. "default" is the environment's OPENAI_* settings, "simulator" the built-in one.
import "server-only";
import { db } from "@/lib/server/db";
import { env, usingSimulator } from "@/lib/server/env";
import { AppError, notFound } from "@/lib/server/errors";
import { DEFAULT_OPENAI_BASE_URL, simulatorEndpoint, type ModelEndpoint } from "@/lib/server/llm/client";
import type { RateLimits } from "@/lib/server/llm/rate-limiter";
import { decryptSecret } from "@/lib/server/providers/secret-box";
import { BUILT_IN_PROVIDER_NAMES, DEFAULT_PROVIDER_ID, SIMULATOR_PROVIDER_ID } from "@/lib/shared/provider-settings";

export interface ResolvedProvider {
  id: string;
  name: string;
  kind: "environment" | "simulator" | "custom";
  endpoint: ModelEndpoint;
  limits: RateLimits;
  batchApi: boolean;
}

/** OpenAI-compatible servers without keys (Ollama, vLLM) still need the SDK to send something. */
const NO_KEY_PLACEHOLDER = "no-key";

/** What a run uses when it names no provider: the environment's endpoint, or the simulator without a key. */
export function defaultProviderId(): string {
  return usingSimulator ? SIMULATOR_PROVIDER_ID : DEFAULT_PROVIDER_ID;
}

export function environmentProvider(): ResolvedProvider | null {
  if (!env.OPENAI_API_KEY) return null;
  const baseURL = (env.OPENAI_BASE_URL ?? DEFAULT_OPENAI_BASE_URL).replace(/\/+$/, "");
  return {
    id: DEFAULT_PROVIDER_ID,
    name: BUILT_IN_PROVIDER_NAMES[DEFAULT_PROVIDER_ID] ?? DEFAULT_PROVIDER_ID,
    kind: "environment",
    endpoint: { baseURL, apiKey: env.OPENAI_API_KEY, simulated: false },
    limits: { rpm: env.OPENAI_RATE_LIMIT_RPM, tpm: env.OPENAI_RATE_LIMIT_TPM },
    batchApi: true,
  };
}

/** The simulator is offered while no OPENAI_API_KEY is set, as it always was: a real deployment never calls it by mistake. */
export function simulatorProvider(): ResolvedProvider | null {
  if (!usingSimulator) return null;
  return { id: SIMULATOR_PROVIDER_ID, name: BUILT_IN_PROVIDER_NAMES[SIMULATOR_PROVIDER_ID] ?? SIMULATOR_PROVIDER_ID, kind: "simulator", endpoint: simulatorEndpoint(), limits: {}, batchApi: true };
}

export class ProviderUnavailableError extends AppError {
  constructor(id: string, why: string) {
    super("validation_failed", `providerId: ${why}`, { field: "providerId", id });
  }
}

/** The provider a run or a request names (null: the default). Throws a 422 naming providerId when it cannot be used. */
export async function resolveProvider(id: string | null | undefined): Promise<ResolvedProvider> {
  const wanted = id ?? defaultProviderId();
  if (wanted === DEFAULT_PROVIDER_ID) {
    return environmentProvider() ?? throwUnavailable(wanted, 'the default provider needs OPENAI_API_KEY, which is not set on this server. Use "simulator" or add a provider.');
  }
  if (wanted === SIMULATOR_PROVIDER_ID) {
    return simulatorProvider() ?? throwUnavailable(wanted, "the simulator is not offered while OPENAI_API_KEY is set.");
  }
  const row = await db.provider.findUnique({ where: { id: wanted } });
  if (!row) throw new ProviderUnavailableError(wanted, `provider ${wanted} does not exist.`);
  return {
    id: row.id,
    name: row.name,
    kind: "custom",
    endpoint: { baseURL: row.baseUrl, apiKey: row.apiKeyCipher ? decryptSecret(row.apiKeyCipher) : NO_KEY_PLACEHOLDER, simulated: false },
    limits: { rpm: row.rpmLimit ?? 0, tpm: row.tpmLimit ?? 0 },
    batchApi: row.batchApi,
  };
}

function throwUnavailable(id: string, why: string): never {
  throw new ProviderUnavailableError(id, why);
}

/** As resolveProvider, for /api/providers/:id routes: a provider that is not there is a 404. */
export async function findProvider(id: string): Promise<ResolvedProvider> {
  try {
    return await resolveProvider(id);
  } catch (error) {
    if (error instanceof ProviderUnavailableError) throw notFound("Provider", id);
    throw error;
  }
}

/** Whether a run with this provider calls the simulator (a run from before providers: whatever serves now). */
export function callsSimulator(providerId: string | null): boolean {
  return providerId === null ? usingSimulator : providerId === SIMULATOR_PROVIDER_ID;
}
