// Rate-limit efficiency: how close to the endpoint's limits a strategy runs, and how many 429s it
// causes. Simulator: 600 RPM and 60k TPM over a sliding minute, 200 ms latency, through the real
// openai SDK. Every strategy gets its own simulator and runs at the same time as the others:
// a 15-s warm-up from a cold start, then a 60-s measured window (the limits are real, not scaled).
import OpenAI from "openai";
import { callModel } from "@/lib/server/llm/client";
import { EndpointRateLimiter } from "@/lib/server/llm/rate-limiter";
import { startSimulatorServer, type SimulatorServer } from "../support/simulator-server";
import { runCookbookProcessor } from "./cookbook-processor";
import { percent, printTable } from "./format";

const RPM = 600;
const TPM = 60_000;
const LATENCY_MS = 200;
const WARMUP_MS = 15_000;
const MEASURE_MS = 60_000;
/** The run's own bound (its p-limit); the limiter decides how much of it to use. */
const RUN_CONCURRENCY = 50;
const MODEL = "gpt-4o-mini";
const WORDS = ["invoice", "refund", "delivery", "broken", "account", "password", "upgrade", "billing", "late", "support", "order", "label"];

interface Scenario {
  name: string;
  /** Prompt length range in characters: sets the tokens per request and so which limit binds. */
  chars: [number, number];
}

const SCENARIOS: Scenario[] = [
  { name: "RPM-bound (~90 tok/req)", chars: [160, 360] },
  { name: "TPM-bound (~220 tok/req)", chars: [640, 880] },
];

// mulberry32: the same prompts in every run and for every strategy.
function promptSource(seed: number, [min, max]: [number, number]): () => string {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let n = 0;
  return () => {
    const length = min + Math.floor(random() * (max - min));
    let text = `Ticket ${++n}: classify the customer's issue.`;
    while (text.length < length) text += ` ${WORDS[Math.floor(random() * WORDS.length)]}`;
    return text.slice(0, length);
  };
}

interface Tally {
  /** When each HTTP request was sent, over the whole run (warm-up included). */
  sentAt: number[];
  ok: number;
  tokens: number;
  responses: number;
  rateLimited: number;
  failed: number;
}

/** Counts every HTTP answer the SDK receives, inside the measured window only. */
function tallyingClient(server: SimulatorServer, inWindow: () => boolean, tally: Tally): OpenAI {
  const fetchAndCount: typeof fetch = async (input, init) => {
    tally.sentAt.push(Date.now());
    const response = await fetch(input, init);
    if (inWindow()) {
      tally.responses += 1;
      if (response.status === 429) tally.rateLimited += 1;
    }
    return response;
  };
  return new OpenAI({ baseURL: server.baseURL, apiKey: "sk-bench", maxRetries: 0, fetch: fetchAndCount });
}

/** The most requests sent within any one second: how bursty a strategy is. */
function peakPerSecond(sentAt: number[]): number {
  let peak = 0;
  for (let lo = 0, hi = 0; hi < sentAt.length; hi++) {
    while ((sentAt[hi] ?? 0) - (sentAt[lo] ?? 0) >= 1000) lo++;
    peak = Math.max(peak, hi - lo + 1);
  }
  return peak;
}

async function runLimiter(client: OpenAI, nextPrompt: () => string, until: number, count: (ok: boolean, tokens: number) => void) {
  const limiter = new EndpointRateLimiter(); // limits unknown: learned from the first answers
  const worker = async () => {
    while (Date.now() < until) {
      // A signal per call: the SDK leaves its abort listener on the signal it is given.
      const signal = AbortSignal.timeout(Math.max(1, until - Date.now()));
      try {
        const answer = await callModel(client, { model: MODEL, prompt: nextPrompt(), signal }, { rateLimiter: limiter });
        count(true, answer.tokensIn + answer.tokensOut);
      } catch {
        if (!signal.aborted) count(false, 0);
      }
    }
  };
  await Promise.all(Array.from({ length: RUN_CONCURRENCY }, worker));
}

type Strategy = "limiter" | "cookbook" | "cookbook-default";
const STRATEGIES: Strategy[] = ["limiter", "cookbook", "cookbook-default"];
const STRATEGY_NAMES: Record<Strategy, string> = {
  limiter: "Batchwise limiter, limits unknown",
  cookbook: "cookbook, set to 100 % of limits",
  "cookbook-default": "cookbook, its default 50 %",
};

async function measure(scenario: Scenario, strategy: Strategy, start: number) {
  const server = await startSimulatorServer({ latencyMs: LATENCY_MS, rateLimitRpm: RPM, rateLimitTpm: TPM });
  const windowStart = start + WARMUP_MS;
  const until = windowStart + MEASURE_MS;
  const inWindow = () => Date.now() >= windowStart && Date.now() < until;
  const tally: Tally = { sentAt: [], ok: 0, tokens: 0, responses: 0, rateLimited: 0, failed: 0 };
  const count = (ok: boolean, tokens: number) => {
    if (!inWindow()) return;
    if (ok) [tally.ok, tally.tokens] = [tally.ok + 1, tally.tokens + tokens];
    else tally.failed += 1;
  };
  const client = tallyingClient(server, inWindow, tally);
  const nextPrompt = promptSource(42, scenario.chars);
  try {
    if (strategy === "limiter") await runLimiter(client, nextPrompt, until, count);
    else {
      const share = strategy === "cookbook" ? 1 : 0.5;
      await runCookbookProcessor({
        client,
        model: MODEL,
        maxRequestsPerMinute: RPM * share,
        maxTokensPerMinute: TPM * share,
        nextPrompt,
        until,
        onSuccess: (tokens) => count(true, tokens),
        onFailure: () => count(false, 0),
      });
    }
  } finally {
    await server.close();
  }
  const minutes = MEASURE_MS / 60_000;
  const rpm = tally.ok / minutes;
  const tpm = tally.tokens / minutes;
  return { scenario, strategy, rpm, tpm, ofBinding: Math.max(rpm / RPM, tpm / TPM), tally };
}

async function main(): Promise<void> {
  const start = Date.now();
  console.log(
    `Rate-limit efficiency: simulator ${RPM} RPM + ${TPM / 1000}k TPM (sliding minute), ${LATENCY_MS} ms latency; ` +
      `all strategies at once, each on its own simulator; ${WARMUP_MS / 1000} s warm-up from cold, then ${MEASURE_MS / 1000} s measured…`,
  );
  const jobs = SCENARIOS.flatMap((s) => STRATEGIES.map((strategy) => measure(s, strategy, start)));
  const results = await Promise.all(jobs);
  printTable(
    "Rate-limit efficiency (measured window)",
    ["scenario", "strategy", "req/min", "% RPM", "tok/min", "% TPM", "% of binding", "429 share", "failed", "peak req/s"],
    results.map((r) => [
      r.scenario.name,
      STRATEGY_NAMES[r.strategy],
      r.rpm.toFixed(0),
      percent(r.rpm / RPM),
      r.tpm.toFixed(0),
      percent(r.tpm / TPM),
      percent(r.ofBinding),
      `${percent(r.tally.responses === 0 ? 0 : r.tally.rateLimited / r.tally.responses, 2)} (${r.tally.rateLimited}/${r.tally.responses})`,
      r.tally.failed,
      peakPerSecond(r.tally.sentAt),
    ]),
    [
      "% of binding: the larger of % RPM and % TPM. 429 share: 429 answers / all answers in the window.",
      `peak req/s: most requests sent in any one second of the whole run (the limit's pace is ${RPM / 60}/s).`,
      `Target: ≥ 95 % of the binding limit with ≤ 1 % 429s. Wall time ${((Date.now() - start) / 1000).toFixed(0)} s.`,
    ],
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
