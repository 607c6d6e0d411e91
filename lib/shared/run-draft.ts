// PUT /api/datasets/:id/draft: the new-run form's values as someone left them (components/runs/
// run-form-values.ts reads them back field by field, so an older or half-typed draft still loads).
import { z } from "zod";

/** A draft is form values, not a file: larger is a mistake, not a prompt. */
export const RUN_DRAFT_MAX_CHARS = 200_000;

export const saveRunDraftSchema = z
  .object({ values: z.record(z.string(), z.unknown(), { error: "values must be an object of the form's fields" }) })
  .strict()
  .refine((body) => JSON.stringify(body.values).length <= RUN_DRAFT_MAX_CHARS, {
    message: `values must be at most ${RUN_DRAFT_MAX_CHARS.toLocaleString("en-US")} characters as JSON`,
    path: ["values"],
  });

export interface RunDraftResponse {
  /** null when this person has no draft for the dataset. */
  draft: { values: Record<string, unknown>; updatedAt: string } | null;
}
