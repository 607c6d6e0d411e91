// kill -9 in the middle of a run, start the app again: the local executor picks the run up and
// finishes it, and every item is billed exactly once.
import { afterAll, describe, expect, it } from "vitest";
import { createDbClient, type DbClient } from "@/lib/server/db";
import { startApp, type AppServer } from "../support/app-server";
import { siblingDatabaseUrl } from "../support/test-database";

const ROWS = 600;
let app: AppServer | undefined;
let client: DbClient | undefined;

afterAll(async () => {
  await app?.stop("SIGKILL");
  await client?.$disconnect();
});

function leadsCsv(rows: number): string {
  const lines = ["name,notes"];
  for (let i = 0; i < rows; i++) lines.push(`Person ${i},"asked about pricing, note ${i}"`);
  return lines.join("\n");
}

describe("crash recovery", () => {
  it("finishes a run after kill -9 and a restart, billing every item once", async () => {
    const databaseUrl = siblingDatabaseUrl(process.env.BATCHWISE_TEST_DATABASE_URL ?? "", `crash_${process.pid}`);
    const env = { SIMULATOR_LATENCY_MS: "15" };
    app = await startApp({ databaseUrl, env });

    const form = new FormData();
    form.append("file", new Blob([leadsCsv(ROWS)], { type: "text/csv" }), "crash.csv");
    const dataset = (await (await app.fetch(`/api/datasets`, { method: "POST", body: form })).json()) as { id: string };
    const created = await app.fetch(`/api/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ datasetId: dataset.id, kind: "full", prompt: { template: "Classify: {{notes}}" }, batchSize: 20, concurrency: 4 }),
    });
    const { id: runId } = (await created.json()) as { id: string };

    const db = createDbClient(databaseUrl);
    client = db;
    const completed = () => db.runItem.count({ where: { runId, status: "completed" } });
    while ((await completed()) < ROWS / 4) await new Promise((resolve) => setTimeout(resolve, 50));
    await app.stop("SIGKILL");
    const atCrash = await completed();
    expect(atCrash).toBeLessThan(ROWS);

    app = await startApp({ databaseUrl, env, resetDatabase: false, apiKey: app.apiKey });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
      if (run.status === "completed") break;
      if (Date.now() > deadline) throw new Error(`run still ${run.status} after the restart:\n${app.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(app.output()).toContain("picked up 1 unfinished run(s) after a restart");

    const items = await db.runItem.findMany({ where: { runId }, include: { attemptLog: true } });
    expect(items).toHaveLength(ROWS);
    for (const item of items) {
      const billed = item.attemptLog.filter((a) => a.ok);
      expect(item.status).toBe("completed");
      expect(billed).toHaveLength(1);
      expect(item.costNanos).toBe(billed[0]?.costNanos);
    }
    const report = (await (await app.fetch(`/api/runs/${runId}/report`)).json()) as { costUsd: number; completed: number };
    const attemptCost = items.reduce((sum, item) => sum + Number(item.attemptLog.find((a) => a.ok)?.costNanos ?? 0), 0);
    expect(report.completed).toBe(ROWS);
    expect(report.costUsd).toBeCloseTo(attemptCost / 1e9, 12);
    // Two server starts, each making its owner's key first.
  }, 120_000);
});
