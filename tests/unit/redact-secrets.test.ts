import { describe, expect, it } from "vitest";
import { redactSecrets } from "@/lib/server/redact-secrets";

describe("redactSecrets", () => {
  it.each([
    ["an OpenAI key", "Incorrect API key provided: sk-proj-AbC123xyz_-4567890. You can find your key at …", "sk-proj-AbC123xyz_-4567890"],
    ["an OpenRouter key", "No auth credentials found for sk-or-v1-0123456789abcdef0123", "sk-or-v1-0123456789abcdef0123"],
    ["a bearer token", "upstream said: Authorization: Bearer eyJhbGciOi.J9.abc-DEF_123 is not valid", "eyJhbGciOi.J9.abc-DEF_123"],
    ["a lower-case bearer", "bearer abcdefghijkl rejected", "abcdefghijkl"],
  ])("hides %s", (_name, text, secret) => {
    const redacted = redactSecrets(text, []);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain("[redacted]");
  });

  it("hides a configured key that looks like nothing in particular (Azure, vLLM)", () => {
    const key = "0f3c9a7e5b2d4c8a9e1f0a2b3c4d5e6f";
    const redacted = redactSecrets(`The key ${key} is not valid for this resource.`, [key]);
    expect(redacted).toBe("The key [redacted] is not valid for this resource.");
  });

  it("ignores configured values too short to be keys, which would blank ordinary words", () => {
    expect(redactSecrets("a model answered", ["a"])).toBe("a model answered");
  });

  it("leaves ordinary messages alone", () => {
    for (const text of ["Invalid 'messages': empty array.", "a risk-free, task-based prompt", "Rate limit reached for gpt-4o-mini"]) {
      expect(redactSecrets(text, [])).toBe(text);
    }
  });
});
