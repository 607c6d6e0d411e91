// Spawns the built app (`next start`) on its own fresh database, as a user would run it.
// Needs `npm run build` first (npm test does it).
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { resetDatabase } from "./test-database";

const root = path.resolve(__dirname, "../..");
const START_TIMEOUT_MS = 60_000;

export interface AppServer {
  url: string;
  databaseUrl: string;
  /** The owner's API key (Authorization: Bearer), made on the app's database before it starts. */
  apiKey: string;
  headers: Record<string, string>;
  /** fetch against the app, as its owner: `path` is "/api/...", init's headers are kept. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Everything the server printed, for assertions on the progress log. */
  output(): string;
  /** Stops the whole process group; "SIGKILL" is the crash the kill -9 test needs. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export async function startApp(options: {
  databaseUrl: string;
  env?: Record<string, string>;
  resetDatabase?: boolean;
  /** A key made on this database before (a restart): skips making a new one. */
  apiKey?: string;
  /** false: no owner and no key, as on a first launch (app.apiKey is then empty). */
  seedOwner?: boolean;
}): Promise<AppServer> {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    throw new Error("The app is not built: run `npm run build` (or `npm test`, which builds first).");
  }
  if (options.resetDatabase !== false) await resetDatabase(options.databaseUrl);
  const apiKey = options.seedOwner === false ? "" : (options.apiKey ?? (await seedOwnerKey(options.databaseUrl)));
  const headers = { authorization: `Bearer ${apiKey}` };
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  const child: ChildProcess = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: root,
    detached: true, // its own process group, so stop() reaches next-server too
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      OPENAI_API_KEY: "",
      INNGEST_DEV: "",
      BATCHWISE_LOG: "1",
      SIMULATOR_LATENCY_MS: "2",
      SIMULATOR_FAILURE_RATE: "0",
      SIMULATOR_RATE_LIMIT_RPM: "0",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      process.kill(-child.pid, signal);
    } catch {
      return; // already gone
    }
    await exited;
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop("SIGKILL");
      throw new Error(`next start did not answer within ${START_TIMEOUT_MS} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const appFetch = (path: string, init: RequestInit = {}) => {
    const merged = new Headers(init.headers);
    if (!merged.has("authorization")) merged.set("authorization", headers.authorization);
    return fetch(`${url}${path}`, { ...init, headers: merged });
  };
  return { url, databaseUrl: options.databaseUrl, apiKey, headers, fetch: appFetch, output: () => output, stop };
}

/** The owner (once) and a new API key on that database, through the scripts' code (tests/support/seed-owner.ts). */
export async function seedOwnerKey(databaseUrl: string): Promise<string> {
  const { stdout } = await promisify(execFile)(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", path.join(root, "tests/support/seed-owner.ts")], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  const key = stdout.trim().split("\n").at(-1);
  if (!key) throw new Error(`seed-owner printed no key:\n${stdout}`);
  return key;
}
