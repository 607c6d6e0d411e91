// The form's number inputs: registered so that the typed text reaches createRunSchema as a number,
// with the bounds it enforces (RUN_LIMITS) as the input's own min and max.
import type { UseFormRegister } from "react-hook-form";
import type { RunFormInput } from "@/components/runs/run-form-values";
import { RUN_LIMITS } from "@/lib/shared/run-settings";

export type NumberField = "sampleSize" | "batchSize" | "concurrency" | "delayMs" | "maxRetries" | "budgetUsd" | "maxTokens" | "priority" | "minInputChars";

/** Empty means "no cap" for these, and "the default" for the others. */
const EMPTY_IS_NULL: ReadonlySet<NumberField> = new Set(["budgetUsd", "maxTokens"]);

export function numberInput(register: UseFormRegister<RunFormInput>, field: NumberField) {
  const limits = RUN_LIMITS[field];
  const empty = EMPTY_IS_NULL.has(field) ? null : undefined;
  return {
    type: "number",
    inputMode: field === "budgetUsd" ? ("decimal" as const) : ("numeric" as const),
    min: limits.min,
    max: limits.max,
    ...register(field, {
      setValueAs: (raw: unknown) => {
        if (typeof raw === "number" || raw === null) return raw;
        const text = typeof raw === "string" ? raw.trim() : "";
        return text === "" ? empty : Number(text);
      },
    }),
  };
}
