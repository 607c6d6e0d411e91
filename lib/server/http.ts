// The boundary between route handlers and lib/: JSON parsing and the one error → response mapping.
import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError } from "@/lib/server/errors";
import { configuredSecrets, env } from "@/lib/server/env";
import { readBodyText } from "@/lib/server/request-body";
import { redactSecrets, redactSecretsDeep } from "@/lib/server/redact-secrets";
import type { ApiErrorBody } from "@/lib/shared/api-types";
import { authorize, type RouteAccess } from "@/lib/server/auth/guard";
import type { Caller } from "@/lib/server/auth/caller";
import type { Role } from "@/lib/shared/roles";

/** Every error the API serves leaves through here, so nothing secret-looking is ever in one. */
export function errorResponse(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
  const body: ApiErrorBody = { error: { ...redactSecretsDeep(details, configuredSecrets), code, message: redactSecrets(message, configuredSecrets) } };
  return NextResponse.json(body, { status });
}

/** Maps any thrown value to a response: known errors to 4xx with details, the rest to a logged 500. */
export function handleApiError(error: unknown): NextResponse {
  if (error instanceof AppError) return errorResponse(error.status, error.code, error.message, error.details);
  if (error instanceof z.ZodError) {
    const first = error.issues[0];
    const field = first?.path.join(".") || undefined;
    const message = first ? `${field ? `${field}: ` : ""}${first.message}` : "Invalid request.";
    return errorResponse(422, "validation_failed", message, { field, issues: error.issues.map(describeIssue) });
  }
  console.error("[api] unexpected error", error);
  return errorResponse(500, "internal_error", "Something went wrong on our side. It has been logged.");
}

function describeIssue(issue: z.core.$ZodIssue) {
  return { field: issue.path.join("."), message: issue.message };
}

/**
 * Wraps a route handler: it declares who may call it (`{ role }`, checked by lib/server/auth/guard.ts
 * before the handler runs, which then gets the caller), or `{ public: "why" }`; and every error
 * leaves as the API's JSON error shape.
 */
export function apiRoute<Ctx = unknown>(
  access: { role: Role },
  handler: (request: Request, context: Ctx, caller: Caller) => Promise<Response>,
): (request: Request, context: Ctx) => Promise<Response>;
export function apiRoute<Ctx = unknown>(
  access: { public: string },
  handler: (request: Request, context: Ctx) => Promise<Response>,
): (request: Request, context: Ctx) => Promise<Response>;
export function apiRoute<Ctx>(
  access: RouteAccess,
  handler: (request: Request, context: Ctx, caller: Caller) => Promise<Response>,
): (request: Request, context: Ctx) => Promise<Response> {
  return async (request: Request, context: Ctx): Promise<Response> => {
    try {
      if ("public" in access) return await (handler as (request: Request, context: Ctx) => Promise<Response>)(request, context);
      const caller = await authorize(request, access);
      return await handler(request, context, caller);
    } catch (error) {
      return handleApiError(error);
    }
  };
}

/** Reads a JSON body of at most JSON_BODY_MAX_BYTES (413 past it); a malformed one is the caller's mistake, not a 500. */
export async function readJson(request: Request, maxBytes: number = env.JSON_BODY_MAX_BYTES): Promise<unknown> {
  const text = await readBodyText(request, maxBytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
}

/** As readJson, for endpoints whose body is optional: an empty body reads as `{}`. */
export async function readOptionalJson(request: Request, maxBytes: number = env.JSON_BODY_MAX_BYTES): Promise<unknown> {
  const text = await readBodyText(request, maxBytes);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
}

/** Parses an optional non-negative integer query parameter, with bounds. */
export function intParam(url: URL, name: string, fallback: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new AppError("validation_failed", `${name} must be an integer from 0 to ${max}.`, { field: name });
  }
  return value;
}
