// POST /api/simulator/v1/chat/completions – the built-in OpenAI-compatible simulator, used when no OPENAI_API_KEY is set.
import { apiRoute } from "@/lib/server/http";
import { isAppItself } from "@/lib/server/llm/simulator-access";
import { sharedSimulator } from "@/lib/server/llm/shared-simulator";

// Every answer depends on the shared rate window and the knobs: never cache or prerender.
export const dynamic = "force-dynamic";

// The app's own calls carry its per-process secret; anyone else must be signed in (or hold a key).
const forSignedIn = apiRoute({ role: "reviewer" }, async (request: Request) => sharedSimulator().handle(request));

export function POST(request: Request, context: unknown): Promise<Response> {
  return isAppItself(request) ? sharedSimulator().handle(request) : forSignedIn(request, context);
}
