// Formatting shared by the server log, the API's progress line and the UI.

import { microsToUsd } from "@/lib/llm/pricing";

export { MICROS_PER_USD, microsToUsd } from "@/lib/llm/pricing";

/** "$0.0042", "$12.34": small amounts keep enough digits to be worth showing. */
export function formatUsd(micros: number): string {
  const usd = microsToUsd(micros);
  if (usd === 0) return "$0.00";
  if (Math.abs(usd) < 0.01) return `$${usd.toFixed(6).replace(/0+$/, "")}`;
  return `$${usd.toFixed(2)}`;
}

export const formatCount = (n: number) => n.toLocaleString("en-US");

/** "45 minutes", "1 minute", "2 hours 5 minutes", "less than a minute" */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return "less than a minute";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `${hours} hour${hours === 1 ? "" : "s"}${rest ? ` ${rest} minute${rest === 1 ? "" : "s"}` : ""}`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

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
