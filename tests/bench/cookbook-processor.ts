// The baseline: the pacing strategy of OpenAI's cookbook script api_request_parallel_processor.py,
// ported line for line in spirit. Request and token capacities start full (a whole minute's worth)
// and refill continuously up to the configured limits; a request goes when both have room; a 429
// (an error whose message says "Rate limit") pauses every new request for 15 s and puts the request
// back in a retry queue, up to 5 attempts. It never reads retry-after or x-ratelimit-* headers.
import type OpenAI from "openai";
import { estimateTokens } from "@/lib/server/llm/pricing";

const SECONDS_TO_PAUSE_AFTER_RATE_LIMIT_ERROR = 15;
const SECONDS_TO_SLEEP_EACH_LOOP = 0.001;
const MAX_ATTEMPTS = 5;
/** The script counts n × max_tokens for the completion; max_tokens defaults to 15 there. */
const COMPLETION_TOKENS = 15;
/** Per message framing the script adds (4), plus 2 for the reply priming. */
const MESSAGE_TOKENS = 6;

export interface CookbookOptions {
  client: OpenAI;
  model: string;
  maxRequestsPerMinute: number;
  maxTokensPerMinute: number;
  nextPrompt: () => string;
  /** The measurement ends at this time (ms since epoch): nothing new starts after it, and retries are dropped. */
  until: number;
  onSuccess: (tokens: number) => void;
  onFailure: () => void;
}

interface Task {
  prompt: string;
  tokens: number;
  attemptsLeft: number;
}

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

export async function runCookbookProcessor(o: CookbookOptions): Promise<void> {
  let requestCapacity = o.maxRequestsPerMinute;
  let tokenCapacity = o.maxTokensPerMinute;
  let lastUpdate = Date.now();
  let lastRateLimitError = 0;
  const retries: Task[] = [];
  const inFlight = new Set<Promise<void>>();
  let next: Task | undefined;

  async function callApi(task: Task): Promise<void> {
    try {
      const data = await o.client.chat.completions.create({ model: o.model, messages: [{ role: "user", content: task.prompt }] });
      o.onSuccess(data.usage?.total_tokens ?? task.tokens);
    } catch (err) {
      if (err instanceof Error && err.message.includes("Rate limit")) lastRateLimitError = Date.now();
      if (task.attemptsLeft > 0) retries.push(task);
      else o.onFailure();
    }
  }

  while (Date.now() < o.until) {
    if (!next) {
      if (retries.length > 0) next = retries.shift();
      else {
        const prompt = o.nextPrompt();
        next = { prompt, tokens: estimateTokens(prompt) + MESSAGE_TOKENS + COMPLETION_TOKENS, attemptsLeft: MAX_ATTEMPTS };
      }
    }
    const now = Date.now();
    const elapsedMinutes = (now - lastUpdate) / 60_000;
    requestCapacity = Math.min(requestCapacity + o.maxRequestsPerMinute * elapsedMinutes, o.maxRequestsPerMinute);
    tokenCapacity = Math.min(tokenCapacity + o.maxTokensPerMinute * elapsedMinutes, o.maxTokensPerMinute);
    lastUpdate = now;
    if (next && requestCapacity >= 1 && tokenCapacity >= next.tokens) {
      requestCapacity -= 1;
      tokenCapacity -= next.tokens;
      next.attemptsLeft -= 1;
      const call = callApi(next).finally(() => inFlight.delete(call));
      inFlight.add(call);
      next = undefined;
    }
    await sleep(SECONDS_TO_SLEEP_EACH_LOOP);
    const sinceRateLimit = (Date.now() - lastRateLimitError) / 1000;
    const untilEnd = (o.until - Date.now()) / 1000;
    if (sinceRateLimit < SECONDS_TO_PAUSE_AFTER_RATE_LIMIT_ERROR) {
      await sleep(Math.max(0, Math.min(SECONDS_TO_PAUSE_AFTER_RATE_LIMIT_ERROR - sinceRateLimit, untilEnd)));
    }
  }
  await Promise.all(inFlight);
}
