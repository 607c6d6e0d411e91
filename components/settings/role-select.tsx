"use client";

import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { ROLES, type Role } from "@/lib/shared/roles";

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: "Everything, plus users and settings",
  operator: "Datasets, runs and the review queue",
  reviewer: "The review queue; runs and datasets read-only",
};

export function RoleSelect(props: { id: string; value: Role; onChange: (role: Role) => void; disabled?: boolean; label?: string }) {
  return (
    <Select value={props.value} onValueChange={(value) => props.onChange(value as Role)} disabled={props.disabled}>
      <SelectTrigger id={props.id} aria-label={props.label} className="h-8 w-36 capitalize">
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {ROLES.map((role) => (
          <SelectItem key={role} value={role} className="capitalize">
            {role}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
