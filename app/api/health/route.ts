// GET /api/health – for load balancers and uptime checks: database reachable, executor, version; no data.
import { NextResponse } from "next/server";
import { databaseReachable } from "@/lib/server/health";
import { inngestConfigured } from "@/lib/server/env";
import { apiRoute } from "@/lib/server/http";
import packageJson from "@/package.json";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ public: "monitors call it without an account" }, async () => {
  const database = await databaseReachable();
  return NextResponse.json(
    { ok: database, database: database ? "up" : "down", executor: inngestConfigured ? "inngest" : "local", version: packageJson.version },
    { status: database ? 200 : 503 },
  );
});
