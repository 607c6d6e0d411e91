// GET /api/simulator/v1/models – the models the built-in simulator answers for (those with a known price).
import { sharedSimulator } from "@/lib/llm/shared-simulator";

// A GET handler would otherwise be prerendered at build time.
export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return sharedSimulator().handle(request);
}
