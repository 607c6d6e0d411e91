// The one access check every route handler goes through (by apiRoute in lib/server/http.ts): nobody →
// 401, a role below the route's → 403, a cookie-authenticated cross-site mutation → 403.
import "server-only";
import { AppError } from "@/lib/server/errors";
import { resolveCaller, type Caller } from "./caller";
import { roleSatisfies, type Role } from "@/lib/shared/roles";
import { isCrossSiteMutation } from "./same-origin";

/** What a route needs: the least role, or `public` with the reason nobody needs to sign in. */
export type RouteAccess = { role: Role } | { public: string };

export async function authorize(request: Request, access: { role: Role }): Promise<Caller> {
  const caller = await resolveCaller(request);
  if (!caller) throw new AppError("unauthenticated", "Sign in, or send an API key as Authorization: Bearer <key>.");
  if (caller.via === "session" && isCrossSiteMutation(request)) {
    throw new AppError("forbidden", "Cross-site requests cannot change anything.", { reason: "cross_site" });
  }
  if (!roleSatisfies(caller.role, access.role)) {
    throw new AppError("forbidden", `This needs the ${access.role} role or higher.`, { role: caller.role, needed: access.role });
  }
  return caller;
}
