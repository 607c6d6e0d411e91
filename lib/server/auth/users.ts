// Creating users and API keys outside a browser: the first-launch owner (POST /api/setup), the
// headless scripts (users:create, api-keys:create) and the test servers all come through here.
import "server-only";
import { z } from "zod";
import { generateRandomString } from "better-auth/crypto";
import { db, dbTarget } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { auth } from "./auth";
import { passwordProblem } from "../../shared/password";
import { roleSchema, type Role } from "@/lib/shared/roles";

const ID_LENGTH = 32;
/** better-auth's provider id for e-mail + password accounts. */
const CREDENTIAL_PROVIDER = "credential";

const passwordSchema = z.string().superRefine((value, ctx) => {
  const problem = passwordProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const newUserSchema = z.object({
  email: z.email({ error: "email must be an e-mail address" }).transform((email) => email.trim().toLowerCase()),
  password: passwordSchema,
  name: z.string().trim().min(1).max(100).optional(),
  role: roleSchema,
});
export type NewUser = z.input<typeof newUserSchema>;

export const firstOwnerSchema = newUserSchema.omit({ role: true });

export interface CreatedUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

const nameFromEmail = (email: string) => email.split("@")[0] ?? email;

/** A user with a role and a first password; 409 when the e-mail is taken. */
export async function createUser(input: unknown): Promise<CreatedUser> {
  const { email, password, name, role } = newUserSchema.parse(input);
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) throw emailTaken(email);
  // Server-side without headers: the admin plugin creates it without asking for a session.
  const { user } = await auth.api.createUser({ body: { email, password, name: name ?? nameFromEmail(email), role } });
  return { id: user.id, email: user.email, name: user.name, role };
}

export async function userCount(): Promise<number> {
  return db.user.count();
}

/**
 * The owner, only while no user exists. The check and the insert are one transaction: SQLite runs
 * it alone (one writer), PostgreSQL as SERIALIZABLE, so of two set-ups racing one wins and the
 * others get 409.
 */
export async function createFirstOwner(input: unknown): Promise<CreatedUser> {
  const { email, password, name } = firstOwnerSchema.parse(input);
  const hash = await (await auth.$context).password.hash(password);
  const id = generateRandomString(ID_LENGTH, "a-z", "A-Z", "0-9");
  const serializable = dbTarget(db).provider === "postgresql" ? { isolationLevel: "Serializable" as const } : {};
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        if ((await tx.user.count()) > 0) throw alreadySetUp();
        const user = await tx.user.create({ data: { id, email, name: name ?? nameFromEmail(email), role: "owner", emailVerified: false } });
        await tx.account.create({
          data: { id: generateRandomString(ID_LENGTH, "a-z", "A-Z", "0-9"), accountId: user.id, providerId: CREDENTIAL_PROVIDER, userId: user.id, password: hash },
        });
        return { id: user.id, email: user.email, name: user.name, role: "owner" as const };
      }, serializable);
    } catch (error) {
      // A loser of the race is aborted in whatever way its database reports it (PostgreSQL: a
      // serialization failure, sometimes before the winner has committed; SQLite: a busy write).
      // Trying again sees the winner's owner and answers 409, as if it had arrived second.
      if (error instanceof AppError || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

export interface CreatedApiKey {
  id: string;
  name: string;
  /** The key itself: shown once, only its hash is stored. */
  key: string;
}

/** A named key for the user with this e-mail; it acts with that user's role. */
export async function createApiKeyFor(input: { email: string; name: string }): Promise<CreatedApiKey> {
  const { email, name } = z.object({ email: z.email().transform((e) => e.trim().toLowerCase()), name: z.string().trim().min(1).max(32) }).parse(input);
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (!user) throw new AppError("not_found", `No user has the e-mail ${email}.`, { field: "email" });
  const created = await auth.api.createApiKey({ body: { name, userId: user.id } });
  return { id: created.id, name: created.name ?? name, key: created.key };
}

const emailTaken = (email: string) => new AppError("conflict", `A user with the e-mail ${email} already exists.`, { field: "email" });
const alreadySetUp = () => new AppError("conflict", "Batchwise is already set up: sign in instead.", { reason: "already_set_up" });
