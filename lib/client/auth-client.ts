// better-auth's React client, for the sign-in, set-up and settings pages. Same origin, /api/auth.
import { createAuthClient } from "better-auth/react";
import { adminClient } from "better-auth/client/plugins";
import { apiKeyClient } from "@better-auth/api-key/client";
import { accessControl, accessRoles } from "@/lib/shared/access-control";

export const authClient = createAuthClient({
  plugins: [adminClient({ ac: accessControl, roles: accessRoles }), apiKeyClient()],
});

/** better-auth answers `{ data, error }`; a failed call becomes a thrown Error with its message, for TanStack Query. */
export async function unwrap<T>(call: Promise<{ data: T | null; error: { message?: string; statusText?: string } | null }>): Promise<T> {
  const { data, error } = await call;
  if (error) throw new Error(error.message || error.statusText || "The request failed.");
  return data as T;
}

/** Only paths inside the app, so a crafted ?next= cannot send someone elsewhere after signing in. */
export function safeNextPath(next: string | null | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}
