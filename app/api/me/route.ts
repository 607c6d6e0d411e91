// GET /api/me – the signed-in user (or the key's user) and its role, for the UI to hide what it cannot do.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ role: "reviewer" }, async (_request, _context, caller) =>
  NextResponse.json({ user: { id: caller.userId, email: caller.email, name: caller.name, role: caller.role }, via: caller.via }),
);
