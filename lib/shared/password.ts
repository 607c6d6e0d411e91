// The one password rule, shared by set-up, the scripts, the owner's user forms and better-auth.
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;

/** What is wrong with a password, or null when it is acceptable. */
export function passwordProblem(password: string | undefined): string | null {
  if (password === undefined || password.length < MIN_PASSWORD_LENGTH) return `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`;
  return null;
}
