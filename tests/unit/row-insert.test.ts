// The raw SQL that stores dataset rows: where it writes on each database, and the helper that
// overlaps those writes with parsing.
import { describe, expect, it } from "vitest";
import { OneInFlight } from "@/lib/server/datasets/one-in-flight";
import { rowInsertSql } from "@/lib/server/datasets/row-insert";

describe("rowInsertSql", () => {
  it("writes SQLite's one DatasetRow table", () => {
    expect(rowInsertSql({ provider: "sqlite" })).toMatch(/^INSERT INTO "DatasetRow" \("datasetId", "index", "cells"\) SELECT \?, /);
  });

  it("qualifies PostgreSQL's table with the client's schema, quoted", () => {
    expect(rowInsertSql({ provider: "postgresql", schema: "public" })).toMatch(/^INSERT INTO "public"\."DatasetRow" /);
    expect(rowInsertSql({ provider: "postgresql", schema: 'odd"name' })).toMatch(/^INSERT INTO "odd""name"\."DatasetRow" /);
  });
});

describe("OneInFlight", () => {
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  it("starts a step only once the previous one has finished", async () => {
    const steps = new OneInFlight();
    const log: string[] = [];
    const step = (name: string) => async () => {
      log.push(`${name} started`);
      await tick();
      log.push(`${name} done`);
    };
    await steps.start(step("a"));
    log.push("caller works on");
    await steps.start(step("b"));
    await steps.finish();
    expect(log).toEqual(["a started", "caller works on", "a done", "b started", "b done"]);
  });

  it("rethrows a step's failure on the next call, and settled() waits without throwing", async () => {
    const steps = new OneInFlight();
    await steps.start(async () => {
      await tick();
      throw new Error("insert failed");
    });
    await expect(steps.settled()).resolves.toBeUndefined();
    await expect(steps.start(async () => {})).rejects.toThrow("insert failed");
    await expect(steps.finish()).rejects.toThrow("insert failed");
  });
});
