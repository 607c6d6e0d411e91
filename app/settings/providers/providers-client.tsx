"use client";

import { useState } from "react";
import { ModelPricesCard } from "@/components/settings/model-prices-card";
import { ProvidersCard } from "@/components/settings/providers-card";
import { useProviders } from "@/lib/client/providers";
import { useCan } from "@/lib/client/queries";

export function ProvidersClient() {
  const isOwner = useCan("owner");
  const providers = useProviders().data;
  const [picked, setPicked] = useState<string | null>(null);
  // Until someone picks one, the default provider's models show.
  const selected = picked ?? providers?.find((p) => p.isDefault)?.id ?? providers?.[0]?.id ?? null;
  return (
    <div className="grid grid-cols-1 gap-6">
      <ProvidersCard canEdit={isOwner} selected={selected} onSelect={setPicked} />
      {selected ? <ModelPricesCard key={selected} providerId={selected} canEdit={isOwner} /> : null}
    </div>
  );
}
