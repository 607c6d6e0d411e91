// The built-in simulator answers the app itself, or a signed-in user: the app proves itself with a
// secret made per process (on globalThis, so Next's separately bundled routes and the executor
// share it), sent as the OpenAI SDK's API key. Nobody else can spend the server on simulated calls.
import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { bearerToken } from "@/lib/server/auth/bearer";

const globalForSimulator = globalThis as typeof globalThis & { batchwiseSimulatorSecret?: string };

export function simulatorSecret(): string {
  return (globalForSimulator.batchwiseSimulatorSecret ??= `sim_${randomBytes(24).toString("base64url")}`);
}

/** Whether the request carries this process's simulator secret. */
export function isAppItself(request: Request): boolean {
  const token = bearerToken(request);
  if (!token) return false;
  const expected = Buffer.from(simulatorSecret());
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
