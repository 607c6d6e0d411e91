// Pages need a signed-in user: anonymous page requests go to /sign-in?next=<path>, or to /setup
// while no user exists. Next 16 runs the proxy on Node.js, so it checks the session itself (one
// read) rather than trusting a cookie's presence. /api/* is not handled here: every route handler
// answers for itself through apiRoute (401/403 JSON, never a redirect).
import { NextResponse, type NextRequest } from "next/server";
import { auth } from "@/lib/server/auth/auth";
import { anyUserExists } from "@/lib/server/auth/first-launch";

/** Pages anyone may open. */
const PUBLIC_PAGES = new Set(["/sign-in", "/setup"]);

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC_PAGES.has(pathname)) return NextResponse.next();
  const session = await auth.api.getSession({ headers: request.headers });
  if (session) return NextResponse.next();
  if (!(await anyUserExists())) return NextResponse.redirect(new URL("/setup", request.url));
  const signIn = new URL("/sign-in", request.url);
  signIn.searchParams.set("next", `${pathname}${search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  // Everything but the API, Next's own files and static assets.
  matcher: ["/((?!api/|_next/|favicon\\.ico|icon\\.svg|.*\\.(?:csv|png|svg|ico|txt|webmanifest)$).*)"],
};
