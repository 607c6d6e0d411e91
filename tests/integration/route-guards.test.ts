// Every route under app/api, found on the file system, refuses an anonymous call with 401 JSON,
// except the few that are public on purpose. A new route that forgets apiRoute({ role }) fails here.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const API_DIR = path.resolve(__dirname, "../../app/api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Public routes and why: everything else needs a session or a key. */
const PUBLIC: Record<string, string> = {
  "auth/[...all]": "better-auth's own endpoints (sign-in, sign-out, session); each checks what it needs",
  health: "monitors, without data",
  setup: "first launch only: 409 once any user exists",
  inngest: "guarded by Inngest's request signature",
};

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

const routes = routeFiles(API_DIR).map((file) => path.relative(API_DIR, path.dirname(file)).split(path.sep).join("/"));

/** A URL for the route with every dynamic segment filled in. */
const urlFor = (route: string) => `http://127.0.0.1:3000/api/${route.replace(/\[\.{3}\w+\]/g, "x/y").replace(/\[\w+\]/g, "x")}`;
const context = { params: Promise.resolve({ id: "x", itemId: "x", all: ["x", "y"] }) };

type Handler = (request: Request, context: unknown) => Promise<Response>;

describe("every API route needs a session or a key", () => {
  it("finds the routes on the file system", () => {
    expect(routes.length).toBeGreaterThan(20);
    for (const route of Object.keys(PUBLIC)) expect(routes).toContain(route);
  });

  const guarded = routes.filter((route) => !(route in PUBLIC));
  it.each(guarded)("/api/%s refuses every method it exports to an anonymous caller with 401", async (route) => {
    const module = (await import(path.join(API_DIR, route, "route.ts"))) as Record<string, unknown>;
    const exported = METHODS.filter((method) => typeof module[method] === "function");
    expect(exported.length).toBeGreaterThan(0);
    for (const method of exported) {
      const body = method === "GET" ? undefined : "{}";
      const request = new Request(urlFor(route), { method, body, headers: { "content-type": "application/json" } });
      const response = await (module[method] as Handler)(request, context);
      expect({ method, status: response.status }).toEqual({ method, status: 401 });
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
    }
  });

  it.each(guarded)("/api/%s refuses a made-up API key with 401", async (route) => {
    const module = (await import(path.join(API_DIR, route, "route.ts"))) as Record<string, unknown>;
    const method = METHODS.find((m) => typeof module[m] === "function") ?? "GET";
    const request = new Request(urlFor(route), { method, headers: { authorization: `Bearer bw_${"x".repeat(64)}` } });
    const response = await (module[method] as Handler)(request, context);
    expect(response.status).toBe(401);
  });
});
