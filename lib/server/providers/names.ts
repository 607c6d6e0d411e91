// Provider names for run views, read once per list of runs.
import "server-only";
import { db } from "@/lib/server/db";
import { defaultProviderId } from "@/lib/server/providers/resolve";
import { BUILT_IN_PROVIDER_NAMES } from "@/lib/shared/provider-settings";

export interface ProviderNames {
  of(providerId: string | null): { id: string; name: string };
}

export async function providerNames(ids: readonly (string | null)[]): Promise<ProviderNames> {
  const custom = [...new Set(ids.filter((id): id is string => id !== null && !(id in BUILT_IN_PROVIDER_NAMES)))];
  const rows = custom.length === 0 ? [] : await db.provider.findMany({ where: { id: { in: custom } }, select: { id: true, name: true } });
  const names = new Map(rows.map((row) => [row.id, row.name]));
  return {
    of(providerId) {
      // Runs from before providers call what the environment serves now.
      const id = providerId ?? defaultProviderId();
      return { id, name: BUILT_IN_PROVIDER_NAMES[id] ?? names.get(id) ?? id };
    },
  };
}
