// What the API serves when something fails: the mapped error, never a secret inside it.
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/server/errors";
import { handleApiError } from "@/lib/server/http";

afterEach(() => {
  vi.unstubAllEnvs();
});

async function servedError(error: unknown, handle = handleApiError) {
  const response = handle(error);
  return { status: response.status, error: ((await response.json()) as { error: Record<string, unknown> }).error };
}

describe("handleApiError", () => {
  it("redacts secret-looking strings from a served message and its details", async () => {
    const error = new AppError("unavailable", "The endpoint refused sk-proj-0123456789abcdefghij with Bearer tok_0123456789", {
      endpoint: "https://api.example.com/v1?key=sk-abcdefghijklmnop1234",
    });
    const { status, error: served } = await servedError(error);

    expect(status).toBe(503);
    expect(JSON.stringify(served)).not.toMatch(/sk-proj-0123456789|tok_0123456789|sk-abcdefghijklmnop1234/);
    expect(served.message).toBe("The endpoint refused [redacted] with Bearer [redacted]");
  });

  it("redacts the configured OPENAI_API_KEY, whatever it looks like", async () => {
    const key = "0f3c9a7e5b2d4c8a9e1f0a2b3c4d5e6f";
    vi.stubEnv("OPENAI_API_KEY", key);
    vi.resetModules();
    // A fresh module graph: lib/server/env reads the environment once, at its first import.
    const http = await import("@/lib/server/http");
    const errors = await import("@/lib/server/errors");
    const { error } = await servedError(new errors.AppError("unavailable", `The endpoint refused key ${key}.`), http.handleApiError);
    expect(error.message).toBe("The endpoint refused key [redacted].");
  });

  it("serves an unexpected error as a generic 500, whatever it says", async () => {
    const { status, error } = await servedError(new Error("secret sk-proj-0123456789abcdefghij"));
    expect(status).toBe(500);
    expect(error.message).not.toContain("sk-proj");
  });
});
