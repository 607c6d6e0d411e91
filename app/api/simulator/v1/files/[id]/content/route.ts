// GET /api/simulator/v1/files/:id/content – the built-in simulator's Batch API (lib/server/llm/simulator-batches.ts).
import { apiRoute } from "@/lib/server/http";
import { isAppItself } from "@/lib/server/llm/simulator-access";
import { handleBatchApiRequest } from "@/lib/server/llm/simulator-batches";

export const dynamic = "force-dynamic";

// The app's own calls carry its per-process secret; anyone else must be signed in (or hold a key).
const forSignedIn = apiRoute({ role: "reviewer" }, async (request: Request) => handleBatchApiRequest(request));

export function GET(request: Request, context: unknown): Promise<Response> {
  return isAppItself(request) ? handleBatchApiRequest(request) : forSignedIn(request, context);
}
