"use client";

import { ApiKeysCard } from "@/components/settings/api-keys-card";
import { SessionsCard } from "@/components/settings/sessions-card";
import { UsersCard } from "@/components/settings/users-card";
import { useCan } from "@/lib/client/queries";

export function SettingsClient() {
  const isOwner = useCan("owner");
  return (
    <div className="grid grid-cols-1 gap-6">
      {isOwner ? <UsersCard /> : null}
      <ApiKeysCard />
      <SessionsCard />
    </div>
  );
}
