// The better-auth instance: e-mail + password on the app's own Prisma client, the admin plugin for
// users and roles (owner-only by its access control), the api-key plugin for scripts.
import "server-only";
import { apiKey } from "@better-auth/api-key";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { admin } from "better-auth/plugins";
import { db, dbTarget } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { accessControl, accessRoles } from "@/lib/shared/access-control";
import { authSecret } from "./secret";
import { allowedOrigins } from "./same-origin";
import { accountKey, clearSignInAttempts, recordSignInAttempt, SIGN_IN_ACCOUNT_MAX_ATTEMPTS, SIGN_IN_LIMITED_MESSAGE, signInKey } from "./sign-in-limiter";
import { LAST_OWNER_MESSAGE, removesLastOwner } from "./last-owner";
import { MIN_PASSWORD_LENGTH, passwordProblem } from "../../shared/password";

export const AUTH_BASE_PATH = "/api/auth";
/** Keys start with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = "bw_";
const SESSION_DAYS = 7;

// Paths where the admin plugin takes a password without checking its length.
const PASSWORD_FIELDS: Record<string, string> = { "/admin/create-user": "password", "/admin/set-user-password": "newPassword" };

function createAuth() {
  return betterAuth({
    appName: "Batchwise",
    basePath: AUTH_BASE_PATH,
    // Unset: the origin comes from each request (a LAN address works as well as localhost).
    baseURL: env.BETTER_AUTH_URL,
    secret: authSecret(),
    // Sign-in from a browser carries an Origin; without a configured URL, the app's own origin is
    // the one the request was addressed to, the same rule every other cookie mutation follows.
    trustedOrigins: (request) => (request ? [...allowedOrigins(request)] : []),
    database: prismaAdapter(db, { provider: dbTarget(db).provider }),
    telemetry: { enabled: false },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      // Accounts are made by the owner (or the first-launch set-up), never by whoever finds the page.
      disableSignUp: true,
    },
    session: { expiresIn: SESSION_DAYS * 24 * 3600 },
    rateLimit: {
      // Per address, in memory (one server process). Also on outside production, so tests see it.
      enabled: true,
      storage: "memory",
      customRules: { "/sign-in/email": { window: 60, max: 30 } },
    },
    advanced: {
      // Secure exactly when people reach the app over HTTPS; plain-HTTP LAN use must keep working.
      useSecureCookies: env.BETTER_AUTH_URL?.startsWith("https://") ?? false,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        const passwordField = PASSWORD_FIELDS[ctx.path];
        if (passwordField) {
          const problem = passwordProblem(readString(ctx.body, passwordField));
          if (problem) throw new APIError("BAD_REQUEST", { message: problem, code: "PASSWORD_TOO_SHORT" });
        }
        if (typeof ctx.body === "object" && ctx.body !== null && (await removesLastOwner(ctx.path, ctx.body as Record<string, unknown>))) {
          throw new APIError("BAD_REQUEST", { message: LAST_OWNER_MESSAGE, code: "LAST_OWNER" });
        }
        if (ctx.path === "/sign-in/email") {
          const email = readString(ctx.body, "email") ?? "";
          const allowed = recordSignInAttempt(signInKey(email, clientAddress(ctx.headers))) && recordSignInAttempt(accountKey(email), SIGN_IN_ACCOUNT_MAX_ATTEMPTS);
          if (!allowed) throw new APIError("TOO_MANY_REQUESTS", { message: SIGN_IN_LIMITED_MESSAGE, code: "TOO_MANY_ATTEMPTS" });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path === "/sign-in/email" && ctx.context.newSession) {
          const email = readString(ctx.body, "email") ?? "";
          clearSignInAttempts(signInKey(email, clientAddress(ctx.headers)));
          clearSignInAttempts(accountKey(email));
        }
      }),
    },
    plugins: [
      admin({ ac: accessControl, roles: accessRoles, defaultRole: "reviewer", adminRoles: ["owner"] }),
      apiKey({
        defaultPrefix: API_KEY_PREFIX,
        requireName: true,
        // Its default is 10 requests a day per key; Batchwise's own limits are the model's.
        rateLimit: { enabled: false },
        // Keys authenticate through lib/server/auth/caller.ts (Authorization: Bearer), not as sessions.
        enableSessionForAPIKeys: false,
      }),
      // Last, as better-auth asks: lets server actions set cookies.
      nextCookies(),
    ],
  });
}

function readString(body: unknown, field: string): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const value: unknown = (body as Record<string, unknown>)[field];
  return typeof value === "string" ? value : undefined;
}

/** The caller's address as the proxy in front (or Next itself) reports it. */
export function clientAddress(headers: Headers | undefined): string {
  const forwarded = headers?.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers?.get("x-real-ip") || "unknown";
}

export type Auth = ReturnType<typeof createAuth>;

// One instance per process, shared by Next's separately bundled routes (as the Prisma client is).
const globalForAuth = globalThis as typeof globalThis & { batchwiseAuth?: Auth };
export const auth: Auth = (globalForAuth.batchwiseAuth ??= createAuth());
