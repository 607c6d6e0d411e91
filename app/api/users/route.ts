// GET /api/users – every user with role and disabled flag (owner only; works with an API key too).
// Changes go through better-auth's admin endpoints under /api/auth/admin/*.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http";
import { listUsers } from "@/lib/server/auth/user-list";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ role: "owner" }, async () => NextResponse.json({ items: await listUsers() }));
