// Dataset inputs, one schema each, shared by the forms and the route handlers.
import "server-only";
import { z } from "zod";
import { DELIMITERS } from "@/lib/server/datasets/dialect";
import { TEXT_ENCODINGS } from "@/lib/server/datasets/text-encodings";

export const DATASET_NAME_MAX = 200;

export const datasetNameSchema = z
  .string({ error: "name must be text" })
  .trim()
  .min(1, "name must not be empty")
  .max(DATASET_NAME_MAX, `name must be at most ${DATASET_NAME_MAX} characters`);

export const renameDatasetSchema = z.object({ name: datasetNameSchema });

const unsetWhenBlank = (value: unknown) => (value === "" || value === "auto" ? undefined : value);

/** The optional text fields of the upload form beside `file`. "auto" or empty means: detect it. */
export const uploadFieldsSchema = z.object({
  name: z.preprocess((value) => (value === "" ? undefined : value), datasetNameSchema.optional()),
  delimiter: z.preprocess(
    (value) => (value === "tab" ? "\t" : unsetWhenBlank(value)),
    z.enum(DELIMITERS, { error: 'delimiter must be one of ",", ";", "tab", "|" or "auto"' }).optional(),
  ),
  encoding: z.preprocess(
    (value) => (typeof value === "string" ? unsetWhenBlank(value.toLowerCase()) : value),
    z.enum(TEXT_ENCODINGS, { error: `encoding must be one of ${TEXT_ENCODINGS.join(", ")} or auto` }).optional(),
  ),
});

export type UploadFields = z.infer<typeof uploadFieldsSchema>;
