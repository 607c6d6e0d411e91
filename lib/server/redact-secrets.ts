// Secret-looking strings never go into the database or a response. Providers and proxies sometimes
// quote the credentials they rejected, and error messages are stored per item and shown in the UI.
// Reads no settings, so model errors can use it without reading the environment at import: callers
// pass the keys they hold (lib/server/env's configuredSecrets, or the key a call was made with).
import "server-only";

export const REDACTED = "[redacted]";
/** Configured values shorter than this are not treated as secrets: redacting them would blank ordinary words. */
const MIN_SECRET_LENGTH = 8;

const SECRET_PATTERNS: readonly [RegExp, string][] = [
  // OpenAI-style keys: sk-…, sk-proj-…, sk-or-v1-… (OpenRouter), sk-ant-… (Anthropic).
  [/\bsk-[A-Za-z0-9_-]{8,}/g, REDACTED],
  // An Authorization header's credentials; the scheme stays so the message still reads.
  [/\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
];

/** Replaces the given secrets (whatever they look like: an Azure key is plain hex) and anything key-shaped. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) result = result.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of SECRET_PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

/** The same for every string inside a JSON-like value (an error's details). */
export function redactSecretsDeep<T>(value: T, secrets: readonly string[] = []): T {
  if (typeof value === "string") return redactSecrets(value, secrets) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactSecretsDeep(item, secrets)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactSecretsDeep(item, secrets)])) as T;
  }
  return value;
}
