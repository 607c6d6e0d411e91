// The one formatting module, for the UI, the API's sentences and the server log: en-US; dates in
// the viewer's time zone. Amounts are USD (the server converts micro-dollars before formatting).
import type { RunProgressFacts } from "@/lib/shared/api-types";

const integer = new Intl.NumberFormat("en-US");
const dateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });

export function formatNumber(value: number): string {
  return integer.format(value);
}

/** "1 row", "2,080 rows". */
export const plural = (n: number, one: string, many = `${one}s`) => `${formatNumber(n)} ${n === 1 ? one : many}`;

/** A pager's count: "1 item" or "12 items" when all fit on one page; "1–20 of 2,080 items" when there are more. */
export function formatPageRange(offset: number, limit: number, total: number, one: string, many = `${one}s`): string {
  if (total <= limit && offset === 0) return plural(total, one, many);
  const first = Math.min(offset + 1, total);
  const last = Math.min(offset + limit, total);
  return `${formatNumber(first)}–${formatNumber(last)} of ${plural(total, one, many)}`;
}

const BYTE_UNITS = ["bytes", "KB", "MB", "GB"] as const;

/** "512 bytes", "100 KB", "1.5 MB": binary units, as file managers show sizes. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const rounded = unit === 0 || value >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${rounded} ${BYTE_UNITS[unit]}`;
}

/** Per-item costs are fractions of a cent, so small amounts keep six decimals ($0.000123). */
export function formatUsd(value: number): string {
  if (value === 0) return "$0.00";
  const abs = Math.abs(value);
  const digits = abs < 0.01 ? 6 : abs < 1 ? 4 : 2;
  return `$${value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

/** A low-high cost range, "$0.0120–$0.0150"; one figure when both ends round the same. */
export function formatUsdRange(low: number, high: number): string {
  const [from, to] = [formatUsd(low), formatUsd(high)];
  return from === to ? from : `${from}–${to}`;
}

export function formatPercent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** "45 s", "3 min 20 s", "2 h 5 min"; null → "—". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return `${total} s`;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return rest > 0 ? `${minutes} min ${rest} s` : `${minutes} min`;
}

export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function formatDate(iso: string | Date | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "—" : dateTime.format(date);
}

/** "needs_review" → "Needs review". */
export function humanize(value: string): string {
  const text = value.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** For sentences: "45 minutes", "1 minute", "2 hours 5 minutes", "less than a minute". */
export function formatDurationInWords(seconds: number): string {
  if (seconds < 60) return "less than a minute";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `${hours} hour${hours === 1 ? "" : "s"}${rest ? ` ${rest} minute${rest === 1 ? "" : "s"}` : ""}`;
}

// Run progress in words: the same sentences in the progress line, on the run page and in the log.

/** "783 skipped before sending: 729 duplicates, 45 cached, 9 too short." ("" when none were) */
export function prefilterSentence(prefiltered: RunProgressFacts["prefiltered"]): string {
  if (prefiltered.total === 0) return "";
  const parts = [
    prefiltered.duplicates > 0 ? plural(prefiltered.duplicates, "duplicate") : null,
    prefiltered.cached > 0 ? `${formatNumber(prefiltered.cached)} cached` : null,
    prefiltered.tooShort > 0 ? `${formatNumber(prefiltered.tooShort)} too short` : null,
  ].filter((part) => part !== null);
  return `${formatNumber(prefiltered.total)} skipped before sending: ${parts.join(", ")}.`;
}

/** "61 failed at least once; 0 still failing." or "No failures so far." */
export function failureSentence(facts: Pick<RunProgressFacts, "failedOnce" | "stillFailing">): string {
  if (facts.failedOnce === 0) return "No failures so far.";
  return `${formatNumber(facts.failedOnce)} failed at least once; ${formatNumber(facts.stillFailing)} still failing.`;
}

/** "880 items not sent, 12 failed items not retried" */
export function unsentPhrase(unsent: { items: number; retries: number }): string {
  const items = `${plural(unsent.items, "item")} not sent`;
  return unsent.retries > 0 ? `${items}, ${plural(unsent.retries, "failed item")} not retried` : items;
}

/** One line of at most `max` characters: whitespace collapsed, "…" where it was cut. */
export function excerpt(text: string, max = 80): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

const clockMinutes = new Intl.DateTimeFormat("en-US", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const clockSeconds = new Intl.DateTimeFormat("en-US", { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });

/** A time axis tick: "14:05", or "14:05:30" when the buckets are shorter than a minute. */
export function formatClockTime(at: number | string | Date, withSeconds = false): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return "—";
  return (withSeconds ? clockSeconds : clockMinutes).format(date);
}

/** An axis tick of money: two significant digits ("$0.0012", "$1.5", "$120"). */
export function formatAxisUsd(value: number): string {
  return value === 0 ? "$0" : `$${Number(value.toPrecision(2))}`;
}
