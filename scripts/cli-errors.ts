// How the headless scripts report a failure: one clear line on stderr, exit code 1.
import { z } from "zod";
import { AppError } from "../lib/server/errors";

export function failureMessage(error: unknown): string {
  if (error instanceof z.ZodError) return error.issues.map((issue) => issue.message).join("; ");
  if (error instanceof AppError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

export async function runCli(main: () => Promise<void>): Promise<never> {
  try {
    await main();
    process.exit(0);
  } catch (error) {
    console.error(`error: ${failureMessage(error)}`);
    process.exit(1);
  }
}
