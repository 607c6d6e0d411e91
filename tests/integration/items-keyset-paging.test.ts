// GET /api/runs/:id/items by key (`after` a rowIndex, then each page's `nextCursor`), called as Next
// calls it, on a run whose items are in every state but processing: the pages cover every item
// exactly once, in rowIndex order, with and without a status filter; `total` comes from the run's
// counters; offset pages still work and hand over to cursors. Completed items outnumber
// SPARSE_STATUS_MAX (paged by one range read) and the others do not (paged from their own rows).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ITEM_STATUSES, type ApiErrorBody, type ItemPage, type ItemStatus } from "@/lib/shared/api-types";
import { startInProcessApp, stopInProcessApp, type InProcessApp } from "../support/in-process-app";
import type { SimulatorServer } from "../support/simulator-server";
import { asRole } from "../support/test-auth";

const ROWS = 3_000;

let simulator: SimulatorServer;
let app: InProcessApp;
let itemsRoute: ReturnType<typeof asRole<{ params: Promise<{ id: string }> }>>;
let runId: string;
/** Every item of the run, in rowIndex order, as the database has it. */
let items: { rowIndex: number; status: string }[];

/** Where the items not skipped end up: a few in each rare state, the last ones not yet sent. */
function plannedStatus(rowIndex: number): ItemStatus {
  if (rowIndex >= ROWS - 40) return "pending";
  if (rowIndex % 41 === 0) return "needs_review";
  if (rowIndex % 43 === 1) return "failed";
  return "completed";
}

beforeAll(async () => {
  ({ simulator, app } = await startInProcessApp());
  itemsRoute = asRole((await import("@/app/api/runs/[id]/items/route")).GET);
  // Every fifth row is blank, so the pre-filter skips it.
  const rows = Array.from({ length: ROWS }, (_, i) => (i % 5 === 4 ? ["", ""] : [i % 2 ? "CTO" : "Intern", `keyset paging note ${i}`]));
  const dataset = await app.fixtures.createDataset(["title", "notes"], rows, "keyset");
  // Never executed: its items' states are set directly (the database triggers keep the run's
  // counters in step), since this file is about reading them. Cancelled at once, as a cancelled
  // run keeps its unsent items pending, so no other file's executor picks it up meanwhile.
  const run = await app.insertRun({ datasetId: dataset.id, kind: "full", prompt: { template: "Classify: {{title}} {{notes}}" }, useCache: false });
  runId = run.id;
  await app.db.run.update({ where: { id: runId }, data: { status: "cancelled" } });
  const pending = await app.db.runItem.findMany({ where: { runId, status: "pending" }, select: { rowIndex: true } });
  for (const status of ["completed", "failed", "needs_review"] as const) {
    const rowIndexes = pending.map((item) => item.rowIndex).filter((rowIndex) => plannedStatus(rowIndex) === status);
    await app.db.runItem.updateMany({ where: { runId, rowIndex: { in: rowIndexes } }, data: { status } });
  }
  items = await app.db.runItem.findMany({ where: { runId }, orderBy: { rowIndex: "asc" }, select: { rowIndex: true, status: true } });
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
  it("has items in several states, one of them common", () => {
    expect(items).toHaveLength(ROWS);
    const count = (status: string) => items.filter((item) => item.status === status).length;
    expect(count("completed")).toBeGreaterThan(app.SPARSE_STATUS_MAX);
    expect(count("skipped")).toBe(ROWS / 5);
    for (const status of ["pending", "failed", "needs_review"]) expect(count(status), status).toBeGreaterThan(10);
  });

  it.each([13, 50, 500])("covers every item exactly once, in order, %i a page", async (limit) => {
    expect(await walk(limit)).toEqual(items.map((item) => item.rowIndex));
  });

  it.each(ITEM_STATUSES.map((status) => [status]))("covers every %s item exactly once, in order", async (status) => {
    const expected = items.filter((item) => item.status === status).map((item) => item.rowIndex);
    expect(await walk(37, status)).toEqual(expected);
  });

  it("pages one item at a time", async () => {
    const expected = items.filter((item) => item.status === "needs_review").map((item) => item.rowIndex);
    expect(await walk(1, "needs_review")).toEqual(expected);
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
    for (const status of ["completed", "skipped"] as const) {
      const rows = items.filter((item) => item.status === status).map((item) => item.rowIndex);
      const filtered = await page({ status, offset: 30, limit: 10 });
      expect(filtered.items.map((item) => item.rowIndex), status).toEqual(rows.slice(30, 40));
      expect(filtered.nextCursor, status).toBe(rows[39]);
    }
  });

  it("refuses offset and after together, and an after that is no rowIndex", async () => {
    for (const query of [{ offset: 0, after: 10 }, { after: -1 }, { after: "x" }, { after: 2 ** 31 }]) {
      const { status, body } = await get(query);
      expect(status, JSON.stringify(query)).toBe(422);
      expect((body as ApiErrorBody).error).toMatchObject({ code: "validation_failed", field: "after" });
    }
  });
});
