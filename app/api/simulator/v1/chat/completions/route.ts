// POST /api/simulator/v1/chat/completions – the built-in OpenAI-compatible simulator, used when no OPENAI_API_KEY is set.
import { sharedSimulator } from "@/lib/llm/shared-simulator";

// Every answer depends on the shared rate window and the knobs: never cache or prerender.
export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return sharedSimulator().handle(request);
}
