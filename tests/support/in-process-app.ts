// The app's domain modules loaded in the test process, talking to a simulator server of the
// test's own through the real openai SDK. The environment is set first and the modules imported
// after: lib/server/env reads the environment once, at its first import (Vitest isolates each file).
import { vi } from "vitest";
import { startSimulatorServer, type SimulatorServer } from "./simulator-server";

async function loadModules() {
  return {
    db: (await import("@/lib/server/db")).db,
    ...(await import("@/lib/server/runs/create-run")),
    ...(await import("@/lib/server/runs/control")),
    ...(await import("@/lib/server/runs/preview-run")),
    ...(await import("@/lib/server/runs/views")),
    ...(await import("@/lib/server/runs/queries")),
    ...(await import("@/lib/server/review/queue")),
    ...(await import("@/lib/server/review/jobs")),
    ...(await import("@/lib/server/review/summary")),
    ...(await import("@/lib/server/review/examples")),
    ...(await import("@/lib/server/runs/batch-api/remote-batch-views")),
    ...(await import("@/inngest/functions/execute-run")),
    ...(await import("@/inngest/functions/execute-review-job")),
    fixtures: await import("./fixtures"),
  };
}

export type InProcessApp = Awaited<ReturnType<typeof loadModules>>;

export async function startInProcessApp(env: Record<string, string> = {}): Promise<{ simulator: SimulatorServer; app: InProcessApp }> {
  const simulator = await startSimulatorServer({ latencyMs: 1 });
  const settings = { APP_URL: simulator.url, OPENAI_API_KEY: "", INNGEST_DEV: "", ...env };
  for (const [name, value] of Object.entries(settings)) vi.stubEnv(name, value);
  return { simulator, app: await loadModules() };
}

export async function stopInProcessApp(simulator: SimulatorServer | undefined): Promise<void> {
  await simulator?.close();
  vi.unstubAllEnvs();
}
