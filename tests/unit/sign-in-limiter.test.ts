// The sign-in limit: per account and address, and per account from any address (addresses can be faked).
import { describe, expect, it } from "vitest";
import {
  accountKey,
  clearSignInAttempts,
  recordSignInAttempt,
  SIGN_IN_ACCOUNT_MAX_ATTEMPTS,
  SIGN_IN_MAX_ATTEMPTS,
  SIGN_IN_WINDOW_MS,
  signInKey,
} from "@/lib/server/auth/sign-in-limiter";

describe("sign-in limiter", () => {
  it("refuses past the limit for one account and address, not for another address", () => {
    const key = signInKey("A@x.co", "10.0.0.1");
    for (let i = 0; i < SIGN_IN_MAX_ATTEMPTS; i++) expect(recordSignInAttempt(key, SIGN_IN_MAX_ATTEMPTS, 1_000)).toBe(true);
    expect(recordSignInAttempt(key, SIGN_IN_MAX_ATTEMPTS, 1_000)).toBe(false);
    expect(recordSignInAttempt(signInKey("a@x.co", "10.0.0.2"), SIGN_IN_MAX_ATTEMPTS, 1_000)).toBe(true);
    expect(recordSignInAttempt(key, SIGN_IN_MAX_ATTEMPTS, 1_000 + SIGN_IN_WINDOW_MS + 1)).toBe(true);
  });

  it("caps one account from any number of addresses, and a success clears it", () => {
    const key = accountKey("b@x.co");
    for (let i = 0; i < SIGN_IN_ACCOUNT_MAX_ATTEMPTS; i++) expect(recordSignInAttempt(key, SIGN_IN_ACCOUNT_MAX_ATTEMPTS, 5_000)).toBe(true);
    expect(recordSignInAttempt(key, SIGN_IN_ACCOUNT_MAX_ATTEMPTS, 5_000)).toBe(false);
    clearSignInAttempts(key);
    expect(recordSignInAttempt(key, SIGN_IN_ACCOUNT_MAX_ATTEMPTS, 5_000)).toBe(true);
  });
});
