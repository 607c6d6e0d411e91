// Prisma's schema engine as WebAssembly: the native binary cannot be downloaded here, and this
// build of the same engine runs through a driver adapter instead.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorCapturingSqlMigrationAwareDriverAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

export type { SchemaEngine };

let loaded = false;

// The package's entry point imports the .wasm as an ES module, which Node 20 only does behind a
// flag: instantiate it by hand against the generated JS glue instead.
function loadWasm(): void {
  if (loaded) return;
  const require = createRequire(import.meta.url);
  // The package exports no path to its .wasm: find it beside the entry point.
  const wasmPath = join(dirname(require.resolve("@prisma/schema-engine-wasm")), "schema_engine_bg.wasm");
  const module = new WebAssembly.Module(readFileSync(wasmPath));
  const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  const start = instance.exports.__wbindgen_start;
  if (typeof start === "function") start();
  loaded = true;
}

export interface EngineHandle {
  engine: SchemaEngine;
  /** Replaces the engine's "External error id#N" with the driver's own message. */
  explain(error: unknown): Error;
}

export async function openSchemaEngine(factory: SqlMigrationAwareDriverAdapterFactory): Promise<EngineHandle> {
  loadWasm();
  // An unbound factory crashes inside the engine: it expects Result-wrapped calls.
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  const explain = (error: unknown) => explainError(bound, error);
  try {
    const engine = await glue.SchemaEngine.new({ datamodels: undefined }, logEngine, bound);
    return { engine, explain };
  } catch (error) {
    throw explain(error);
  }
}

function logEngine(line: string): void {
  if (process.env.DEBUG?.includes("schema-engine")) console.error(line);
}

function explainError(bound: ErrorCapturingSqlMigrationAwareDriverAdapterFactory, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const match = /External error id#(\d+)/.exec(message);
  if (!match?.[1]) return error instanceof Error ? error : new Error(message);
  const record = bound.errorRegistry.consumeError(Number(match[1]));
  const cause = record?.error;
  const detail = cause instanceof Error ? cause.message : JSON.stringify(cause);
  return new Error(`${message}: ${detail}`, { cause });
}
