// GET /api/simulator/v1/models – the models the built-in simulator answers for (those with a known price).
import { apiRoute } from "@/lib/server/http";
import { isAppItself } from "@/lib/server/llm/simulator-access";
import { sharedSimulator } from "@/lib/server/llm/shared-simulator";

// A GET handler would otherwise be prerendered at build time.
export const dynamic = "force-dynamic";

// The app's own calls carry its per-process secret; anyone else must be signed in (or hold a key).
const forSignedIn = apiRoute({ role: "reviewer" }, async (request: Request) => sharedSimulator().handle(request));

export function GET(request: Request, context: unknown): Promise<Response> {
  return isAppItself(request) ? sharedSimulator().handle(request) : forSignedIn(request, context);
}
