// Runs once when the Next.js server starts: the local executor's supervisor starts, and picks up
// at once the runs a restart interrupted (and, from then on, any run whose execution died).
export async function register() {
  // NEXT_RUNTIME is set by Next.js itself (not configuration): the executor needs Node, not the edge.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { inngestConfigured } = await import("@/lib/server/env");
  if (inngestConfigured) return;
  const { localExecutor } = await import("@/lib/server/runs/local-executor");
  const resumed = await localExecutor.start();
  if (resumed > 0) console.log(`[executor] picked up ${resumed} unfinished run(s) after a restart`);
  const { localStreamExecutor } = await import("@/lib/server/streams/local-stream-executor");
  const streams = await localStreamExecutor.start();
  if (streams > 0) console.log(`[streams] took up ${streams} stream(s)`);
}
