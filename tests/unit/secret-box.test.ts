import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, keyLast4, SecretBoxError } from "@/lib/server/providers/secret-box";

const SERVER_SECRET = "a-server-secret-for-tests-only-0123456789";

describe("provider key encryption (AES-256-GCM)", () => {
  it("gives the key back with the secret it was sealed with, and never stores it readable", () => {
    const key = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";
    const sealed = encryptSecret(key, SERVER_SECRET);
    expect(sealed).not.toContain(key);
    expect(sealed).not.toContain("abcdefghij");
    expect(decryptSecret(sealed, SERVER_SECRET)).toBe(key);
  });

  it("seals the same key differently every time (a fresh IV each)", () => {
    const a = encryptSecret("sk-same", SERVER_SECRET);
    const b = encryptSecret("sk-same", SERVER_SECRET);
    expect(a).not.toBe(b);
    expect(decryptSecret(a, SERVER_SECRET)).toBe(decryptSecret(b, SERVER_SECRET));
  });

  it("refuses to decrypt with another secret, saying what is wrong and what to do", () => {
    const sealed = encryptSecret("sk-live-1234", SERVER_SECRET);
    expect(() => decryptSecret(sealed, "another-secret")).toThrow(SecretBoxError);
    expect(() => decryptSecret(sealed, "another-secret")).toThrow(/encrypted with another BATCHWISE_SECRET_KEY.*enter the API key again/);
  });

  it("refuses a tampered ciphertext instead of returning garbage", () => {
    const sealed = encryptSecret("sk-live-1234", SERVER_SECRET);
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3] ?? "", "base64url");
    body[0] = (body[0] ?? 0) ^ 0xff;
    const tampered = [parts[0], parts[1], parts[2], body.toString("base64url")].join(".");
    expect(() => decryptSecret(tampered, SERVER_SECRET)).toThrow(SecretBoxError);
    expect(() => decryptSecret("not-a-sealed-key", SERVER_SECRET)).toThrow(/not in a format/);
  });

  it("shows only the last 4 characters", () => {
    expect(keyLast4("sk-proj-abcd1234")).toBe("1234");
  });
});
