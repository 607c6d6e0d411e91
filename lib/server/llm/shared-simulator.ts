// The simulator the app serves at /api/simulator/v1, configured from the environment.
// Kept apart from simulator.ts so tests and benchmarks can build simulators without reading env.
import "server-only";
import { env } from "@/lib/server/env";
import { createSimulator, type Simulator, type SimulatorKnobs } from "./simulator";

export function simulatorKnobsFromEnv(): SimulatorKnobs {
  return {
    latencyMs: env.SIMULATOR_LATENCY_MS,
    failureRate: env.SIMULATOR_FAILURE_RATE,
    rateLimitRpm: env.SIMULATOR_RATE_LIMIT_RPM,
    rateLimitTpm: env.SIMULATOR_RATE_LIMIT_TPM,
  };
}

// One instance per server process (and across Next's dev reloads), so every request shares one RPM window.
const globalForSimulator = globalThis as typeof globalThis & { batchwiseSimulator?: Simulator };

export function sharedSimulator(): Simulator {
  globalForSimulator.batchwiseSimulator ??= createSimulator(simulatorKnobsFromEnv());
  return globalForSimulator.batchwiseSimulator;
}
