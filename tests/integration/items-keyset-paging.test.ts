// GET /api/runs/:id/items by key (`after` a rowIndex, then each page's `nextCursor`), called as Next
// calls it, on a finished run whose items are completed, in review and skipped: the pages cover
// every item exactly once, in rowIndex order, with and without a status filter; `total` comes from
// the run's counters; offset pages still work and hand over to cursors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ITEM_STATUSES, type ApiErrorBody, type ItemPage, type ItemStatus } from "@/lib/api-types";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";
import { asRole } from "../support/test-auth";

const ROWS = 157;

let simulator: SimulatorServer;
let app: InProcessApp;
let itemsRoute: ReturnType<typeof asRole<{ params: Promise<{ id: string }> }>>;
let runId: string;
/** Every item of the run, in rowIndex order, as the database has it. */
let items: { rowIndex: number; status: string }[];

beforeAll(async () => {
  ({ simulator, app } = await startInProcessApp());
  itemsRoute = asRole((await import("@/app/api/runs/[id]/items/route")).GET);
  // Every fifth row is blank, so the pre-filter skips it; a third of the calls fail, and with no
  // retries those items end in review.
  const rows = Array.from({ length: ROWS }, (_, i) => (i % 5 === 4 ? ["", ""] : [i % 2 ? "CTO" : "Intern", `keyset paging note ${i}`]));
  const dataset = await app.fixtures.createDataset(["title", "notes"], rows, "keyset");
  simulator.setKnobs({ latencyMs: 0, failureRate: 0.33 });
  const { id } = await app.createRun({
    datasetId: dataset.id,
    kind: "full",
    prompt: { template: "Classify: {{title}} {{notes}}" },
    batchSize: 20,
    maxRetries: 0,
    errorThreshold: 1,
    useCache: false,
  });
  runId = id;
  await app.fixtures.waitForRun(id);
  simulator.setKnobs({ latencyMs: 0 });
  items = await app.db.runItem.findMany({ where: { runId: id }, orderBy: { rowIndex: "asc" }, select: { rowIndex: true, status: true } });
});

afterAll(() => stopInProcessApp(simulator));

async function get(query: Record<string, string | number | undefined>) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const response = await itemsRoute(new Request(`http://127.0.0.1/api/runs/${runId}/items?${params}`), { params: Promise.resolve({ id: runId }) });
  return { status: response.status, body: (await response.json()) as unknown };
}

async function page(query: Record<string, string | number | undefined>): Promise<ItemPage> {
  const { status, body } = await get(query);
  expect(status, JSON.stringify(body)).toBe(200);
  return body as ItemPage;
}

/** Follows nextCursor from the first page to the last; returns the rowIndexes in the order served. */
async function walk(limit: number, status?: ItemStatus): Promise<number[]> {
  const served: number[] = [];
  let after: number | undefined;
  for (let pages = 0; ; pages++) {
    expect(pages).toBeLessThanOrEqual(ROWS + 1);
    const current = await page({ status, limit, after });
    expect(current.items.length).toBeLessThanOrEqual(limit);
    expect(current.after).toBe(after ?? null);
    expect(current.offset).toBe(after === undefined ? 0 : null);
    served.push(...current.items.map((item) => item.rowIndex));
    if (status) for (const item of current.items) expect(item.status).toBe(status);
    if (current.nextCursor === null) return served;
    // A full page, and the cursor is its last row.
    expect(current.items).toHaveLength(limit);
    expect(current.nextCursor).toBe(current.items.at(-1)?.rowIndex);
    after = current.nextCursor;
  }
}

describe("GET /api/runs/:id/items?after=", () => {
  it("ran a run whose items are in several states", () => {
    expect(items).toHaveLength(ROWS);
    const states = new Set(items.map((item) => item.status));
    expect([...states].sort()).toEqual(["completed", "needs_review", "skipped"]);
  });

  it.each([1, 7, 20, 50, 500])("covers every item exactly once, in order, %i a page", async (limit) => {
    expect(await walk(limit)).toEqual(items.map((item) => item.rowIndex));
  });

  it.each(ITEM_STATUSES.map((status) => [status]))("covers every %s item exactly once, in order", async (status) => {
    const expected = items.filter((item) => item.status === status).map((item) => item.rowIndex);
    expect(await walk(6, status)).toEqual(expected);
  });

  it("reports totals from the run's counters that agree with the items", async () => {
    expect((await page({ limit: 1 })).total).toBe(ROWS);
    for (const status of ITEM_STATUSES) {
      const { total } = await page({ status, limit: 1, after: 3 });
      expect(total, status).toBe(items.filter((item) => item.status === status).length);
    }
  });

  it("starts after any rowIndex, present in the filter or not", async () => {
    const skipped = items.filter((item) => item.status === "skipped").map((item) => item.rowIndex);
    // 50 is not a skipped row (rows 4, 9, 14, … are): the page starts at the next one that is.
    const { items: rows } = await page({ status: "skipped", after: 50, limit: 3 });
    expect(rows.map((item) => item.rowIndex)).toEqual(skipped.filter((row) => row > 50).slice(0, 3));
    const end = await page({ after: ROWS - 1, limit: 10 });
    expect(end.items).toEqual([]);
    expect(end.nextCursor).toBeNull();
  });

  it("still pages by offset, with a cursor to carry on by key", async () => {
    const byOffset = await page({ offset: 40, limit: 20 });
    expect(byOffset.offset).toBe(40);
    expect(byOffset.items.map((item) => item.rowIndex)).toEqual(items.slice(40, 60).map((item) => item.rowIndex));
    expect(byOffset.nextCursor).toBe(59);
    const next = await page({ after: byOffset.nextCursor ?? undefined, limit: 20 });
    expect(next.items.map((item) => item.rowIndex)).toEqual(items.slice(60, 80).map((item) => item.rowIndex));
    expect((await page({ offset: ROWS - 5, limit: 5 })).nextCursor).toBeNull();
  });

  it("refuses offset and after together, and an after that is no rowIndex", async () => {
    for (const query of [{ offset: 0, after: 10 }, { after: -1 }, { after: "x" }, { after: 2 ** 31 }]) {
      const { status, body } = await get(query);
      expect(status, JSON.stringify(query)).toBe(422);
      expect((body as ApiErrorBody).error).toMatchObject({ code: "validation_failed", field: "after" });
    }
  });
});
