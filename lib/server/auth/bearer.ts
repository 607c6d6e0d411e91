// `Authorization: Bearer <token>`: how scripts send API keys and the app its simulator secret.
import "server-only";
export function bearerToken(request: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}
