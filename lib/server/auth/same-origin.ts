// A browser sends its cookies with cross-site form posts; a mutation authenticated by a cookie must
// therefore come from a page of this app. Keys (Authorization header) are never sent by a browser on
// its own, so they need no such check.
import "server-only";
import { env } from "@/lib/server/env";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isCrossSiteMutation(request: Request): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return false;
  const origin = request.headers.get("origin");
  if (!origin) return request.headers.get("sec-fetch-site") === "cross-site";
  return !allowedOrigins(request).has(origin);
}

/** BETTER_AUTH_URL when set; otherwise the origin the request was addressed to (its Host). */
export function allowedOrigins(request: Request): Set<string> {
  if (env.BETTER_AUTH_URL) return new Set([new URL(env.BETTER_AUTH_URL).origin]);
  const url = new URL(request.url);
  const host = request.headers.get("host") ?? url.host;
  const protocol = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? url.protocol.replace(/:$/, "");
  return new Set([`${protocol}://${host}`, url.origin]);
}
