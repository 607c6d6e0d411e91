// Provider API keys are encrypted at rest with AES-256-GCM. The key comes from BATCHWISE_SECRET_KEY,
// or is generated once into the data directory (as the auth secret is): losing it loses the stored
// keys, which then fail to decrypt with a message that says so instead of calling with garbage.
import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { secretInDataDirectory } from "@/lib/server/data-directory";
import { env } from "@/lib/server/env";

export const PROVIDER_SECRET_FILE = "provider-secret";
const FORMAT = "v1";
const IV_BYTES = 12;

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretBoxError";
  }
}

/** Any secret text becomes a 256-bit key: a generated one is already random, a chosen one is hashed. */
function keyFrom(secret: string): Buffer {
  return createHash("sha256").update(secret, "utf8").digest();
}

export function encryptSecret(plain: string, secret: string = providerSecret()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(secret), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [FORMAT, iv, cipher.getAuthTag(), body].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

export function decryptSecret(sealed: string, secret: string = providerSecret()): string {
  const [format, iv, tag, body] = sealed.split(".");
  if (format !== FORMAT || iv === undefined || tag === undefined || body === undefined) {
    throw new SecretBoxError("The stored API key is not in a format this version of Batchwise can read.");
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFrom(secret), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError(
      "The stored API key cannot be decrypted: it was encrypted with another BATCHWISE_SECRET_KEY (or another data directory's provider-secret). Set the key it was saved with, or enter the API key again.",
    );
  }
}

/** BATCHWISE_SECRET_KEY, else one generated once into the data directory (mode 0600), next to auth-secret. */
export function providerSecret(): string {
  if (env.BATCHWISE_SECRET_KEY) return env.BATCHWISE_SECRET_KEY;
  return secretInDataDirectory(PROVIDER_SECRET_FILE, (file) => {
    if (env.NODE_ENV === "production") {
      console.warn(`[providers] BATCHWISE_SECRET_KEY is unset: generated one into ${file}. Keep it with the database: provider keys cannot be read without it.`);
    }
  });
}

/** What the API shows of a key: its last 4 characters. */
export function keyLast4(key: string): string {
  return key.slice(-4);
}
