// The three roles. Reading is nested (owner ⊇ operator ⊇ reviewer), so a route names the least role
// it needs and the guard compares ranks. The admin plugin's access control is used only for what it
// enforces itself, its user-management endpoints: the owner alone holds those statements.
import { z } from "zod";
import { createAccessControl } from "better-auth/plugins/access";
import { defaultStatements } from "better-auth/plugins/admin/access";

export const ROLES = ["owner", "operator", "reviewer"] as const;
export const roleSchema = z.enum(ROLES, { error: `role must be one of ${ROLES.join(", ")}` });
export type Role = z.infer<typeof roleSchema>;

const RANK: Record<Role, number> = { reviewer: 1, operator: 2, owner: 3 };

/** Whether `role` may do what `needed` may. An unknown or missing role may do nothing. */
export function roleSatisfies(role: string | null | undefined, needed: Role): boolean {
  const parsed = roleSchema.safeParse(role);
  return parsed.success && RANK[parsed.data] >= RANK[needed];
}

export function parseRole(value: string | null | undefined): Role | null {
  const parsed = roleSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export const accessControl = createAccessControl(defaultStatements);

export const accessRoles = {
  // No impersonation: nobody acts as somebody else, so "who did what" stays true.
  owner: accessControl.newRole({
    user: ["create", "list", "set-role", "ban", "delete", "set-password", "set-email", "get", "update"],
    session: ["list", "revoke", "delete"],
  }),
  operator: accessControl.newRole({ user: [], session: [] }),
  reviewer: accessControl.newRole({ user: [], session: [] }),
};
