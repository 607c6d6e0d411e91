// GET /api/setup – whether the first-launch owner set-up is still open; POST – create that owner.
import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/server/http";
import { createFirstOwner, userCount } from "@/lib/server/auth/users";
import { isCrossSiteMutation } from "@/lib/server/auth/same-origin";
import { AppError } from "@/lib/server/errors";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ public: "the set-up page asks before anyone exists" }, async () =>
  NextResponse.json({ needed: (await userCount()) === 0 }),
);

// Answers 409 as soon as any user exists, so it cannot be used to add accounts later. Still refused
// cross-site: a page elsewhere must not make a visitor's browser claim a fresh install.
export const POST = apiRoute({ public: "nobody can sign in before the owner exists" }, async (request: Request) => {
  if (isCrossSiteMutation(request)) throw new AppError("forbidden", "Cross-site requests cannot set Batchwise up.", { reason: "cross_site" });
  return NextResponse.json({ user: await createFirstOwner(await readJson(request)) }, { status: 201 });
});
