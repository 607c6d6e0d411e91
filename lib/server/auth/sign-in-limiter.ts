// Sign-in attempts per account and address: after MAX_ATTEMPTS without a success inside WINDOW_MS,
// that e-mail from that address is refused until the window passes. In memory: Batchwise is one
// server process per database in its embedded form, and a restart forgetting attempts is harmless
// beside better-auth's own per-address limit, which stays on.
import "server-only";
export const SIGN_IN_MAX_ATTEMPTS = 5;
/**
 * Per account from any address. The address is what X-Forwarded-For says (Next keeps a client's own
 * header), so a client can vary it; this caps guessing at one account however it does.
 */
export const SIGN_IN_ACCOUNT_MAX_ATTEMPTS = 20;
export const SIGN_IN_WINDOW_MS = 15 * 60_000;
/** Names neither the account nor whether it exists. */
export const SIGN_IN_LIMITED_MESSAGE = "Too many sign-in attempts. Try again in a few minutes.";

interface Attempts {
  count: number;
  firstAt: number;
}

const globalForLimiter = globalThis as typeof globalThis & { batchwiseSignInAttempts?: Map<string, Attempts> };
const attempts = (globalForLimiter.batchwiseSignInAttempts ??= new Map());

export function signInKey(email: string, address: string): string {
  return `${email.trim().toLowerCase()}|${address}`;
}

export function accountKey(email: string): string {
  return `${email.trim().toLowerCase()}|*`;
}

/** Counts one attempt; false when the key is already over its limit. */
export function recordSignInAttempt(key: string, max: number = SIGN_IN_MAX_ATTEMPTS, now: number = Date.now()): boolean {
  const current = attempts.get(key);
  if (!current || now - current.firstAt > SIGN_IN_WINDOW_MS) {
    attempts.set(key, { count: 1, firstAt: now });
    pruneExpired(now);
    return true;
  }
  if (current.count >= max) return false;
  current.count += 1;
  return true;
}

export function clearSignInAttempts(key: string): void {
  attempts.delete(key);
}

// Keeps the map bounded by the attempts of the last window.
function pruneExpired(now: number): void {
  for (const [key, value] of attempts) if (now - value.firstAt > SIGN_IN_WINDOW_MS) attempts.delete(key);
}
