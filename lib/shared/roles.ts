// The three roles. Reading is nested (owner ⊇ operator ⊇ reviewer), so a route names the least role
// it needs and the guard compares ranks. Shared: the browser hides what a role cannot do.
import { z } from "zod";

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
