// PUT /api/inngest syncs the app with Inngest: the SDK tells Inngest at which URL to call it. That
// URL must come from configuration, never from the request: an unsigned PUT with a spoofed Host or
// X-Forwarded-Proto must not register the attacker's URL. The Inngest server here is a stand-in at
// the network edge that records each register call.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

interface RegisterCall {
  url: string;
  authorization: string | undefined;
}

let inngestServer: Server;
let inngestUrl: string;
const registered: RegisterCall[] = [];

beforeAll(async () => {
  inngestServer = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      if (req.url?.startsWith("/fn/register")) {
        const { url } = JSON.parse(body) as { url: string };
        registered.push({ url, authorization: req.headers.authorization });
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, modified: true }));
    });
  });
  await new Promise<void>((resolve) => inngestServer.listen(0, "127.0.0.1", resolve));
  inngestUrl = `http://127.0.0.1:${(inngestServer.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => inngestServer.close(resolve)));

afterEach(() => {
  registered.length = 0;
  vi.unstubAllEnvs();
});

const APP_URL = "http://127.0.0.1:3999";
const PUBLIC_ORIGIN = "https://batchwise.example.com";
const NO_INNGEST = { INNGEST_DEV: "", INNGEST_EVENT_KEY: "", INNGEST_SIGNING_KEY: "", INNGEST_BASE_URL: "", INNGEST_SERVE_ORIGIN: "" };
const CLOUD_KEYS = { INNGEST_EVENT_KEY: "test-event-key", INNGEST_SIGNING_KEY: "signkey-test-0123456789abcdef" };

/** lib/server/env reads the environment once per module graph: a fresh graph per configuration. */
async function loadRoute(settings: Record<string, string>) {
  for (const [name, value] of Object.entries({ ...NO_INNGEST, APP_URL, OPENAI_API_KEY: "", ...settings })) vi.stubEnv(name, value);
  vi.resetModules();
  return import("@/app/api/inngest/route");
}

/** An out-of-band sync as anyone on the network can send it: no signature, a host of their choosing. */
function spoofedSync(): NextRequest {
  return new NextRequest("https://evil.example/api/inngest", {
    method: "PUT",
    headers: { host: "evil.example", "x-forwarded-proto": "https", "x-forwarded-host": "evil.example" },
  });
}

describe("PUT /api/inngest with a spoofed Host", () => {
  it("registers the app's own address with a Dev Server when no serve origin is configured", async () => {
    const route = await loadRoute({ INNGEST_DEV: inngestUrl });
    const response = await route.PUT(spoofedSync(), undefined);

    expect(registered.map((call) => call.url)).toEqual([`${APP_URL}/api/inngest`]);
    expect(response.status).toBe(200);
  });

  it("registers INNGEST_SERVE_ORIGIN when it is set", async () => {
    const route = await loadRoute({ INNGEST_DEV: inngestUrl, INNGEST_SERVE_ORIGIN: PUBLIC_ORIGIN });
    await route.PUT(spoofedSync(), undefined);

    expect(registered.map((call) => call.url)).toEqual([`${PUBLIC_ORIGIN}/api/inngest`]);
  });

  it("with Inngest keys, registers only INNGEST_SERVE_ORIGIN", async () => {
    const route = await loadRoute({ ...CLOUD_KEYS, INNGEST_BASE_URL: inngestUrl, INNGEST_SERVE_ORIGIN: PUBLIC_ORIGIN });
    await route.PUT(spoofedSync(), undefined);

    expect(registered.map((call) => call.url)).toEqual([`${PUBLIC_ORIGIN}/api/inngest`]);
  });

  it("with Inngest keys and no serve origin, refuses the sync and says which setting is missing", async () => {
    const route = await loadRoute({ ...CLOUD_KEYS, INNGEST_BASE_URL: inngestUrl });
    const response = await route.PUT(spoofedSync(), undefined);

    expect(registered).toEqual([]);
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("inngest_serve_origin_missing");
    expect(body.error.message).toContain("INNGEST_SERVE_ORIGIN");
  });

  it("with Inngest keys and no serve origin, an unsigned in-band sync gets 401", async () => {
    const route = await loadRoute({ ...CLOUD_KEYS, INNGEST_BASE_URL: inngestUrl });
    const request = new NextRequest("https://evil.example/api/inngest", {
      method: "PUT",
      headers: { host: "evil.example", "x-inngest-sync-kind": "in_band", "content-type": "application/json" },
      body: JSON.stringify({ url: "https://evil.example/api/inngest" }),
    });
    const response = await route.PUT(request, undefined);

    expect(registered).toEqual([]);
    expect(response.status).toBe(401);
  });
});
