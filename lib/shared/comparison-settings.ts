// The one schema of POST /api/comparisons (and the compare form): variants, sample set and gate.
import { z } from "zod";
import { normaliseLabel } from "@/lib/shared/labels";
import { RUN_DEFAULTS, RUN_LIMITS } from "@/lib/shared/run-settings";

export const COMPARISON_LIMITS = {
  variants: { min: 1, max: 4 },
  labels: { min: 2, max: 50 },
  labelLength: 100,
} as const;

export const GATE_METRICS = ["agreement", "approval"] as const;
export type GateMetric = (typeof GATE_METRICS)[number];

export const COMPARISON_DEFAULTS = {
  sampleSize: RUN_DEFAULTS.sampleSize,
  /** A random sample is drawn with this seed unless another is given; the page shows it. */
  seed: 1,
  gate: { metric: "agreement" as GateMetric, min: 0.9 },
} as const;

/** A list of labels: at least two, none empty, none the same as another once case and spacing are ignored. */
export const labelsSchema = z
  .array(z.string().trim().min(1, "a label cannot be empty").max(COMPARISON_LIMITS.labelLength, `a label is at most ${COMPARISON_LIMITS.labelLength} characters`), {
    error: "labels must be a list of strings",
  })
  .min(COMPARISON_LIMITS.labels.min, `labels needs at least ${COMPARISON_LIMITS.labels.min} labels`)
  .max(COMPARISON_LIMITS.labels.max, `labels allows at most ${COMPARISON_LIMITS.labels.max} labels`)
  .superRefine((labels, ctx) => {
    const seen = new Map<string, number>();
    labels.forEach((label, index) => {
      // The list travels as one line joined by " | " (labelInstruction): a label may hold neither.
      if (/[\r\n|]/.test(label)) ctx.addIssue({ code: "custom", path: [index], message: `label "${label}" may not contain a line break or "|"` });
      const key = normaliseLabel(label);
      const first = seen.get(key);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: [index], message: `label "${label}" repeats label ${first + 1}` });
      else seen.set(key, index);
    });
  });

export const comparisonVariantSchema = z.object({
  model: z.string().min(1, "model is required"),
  prompt: z.object({
    template: z.string().max(20_000, "the prompt template is longer than 20,000 characters"),
    system: z.string().max(20_000).nullish(),
  }),
  outputSchema: z.record(z.string(), z.unknown()).nullish(),
  labels: labelsSchema.nullish(),
});

export const gateSchema = z.object({
  metric: z.enum(GATE_METRICS, { error: 'gate.metric must be "agreement" or "approval"' }),
  min: z.number({ error: "gate.min must be a number" }).min(0, "gate.min is a share: at least 0").max(1, "gate.min is a share: at most 1"),
});

export const createComparisonSchema = z
  .object({
    datasetId: z.string().min(1, "datasetId is required"),
    sampleSize: z
      .number({ error: "sampleSize must be a number" })
      .int("sampleSize must be a whole number")
      .min(RUN_LIMITS.sampleSize.min, `sampleSize must be at least ${RUN_LIMITS.sampleSize.min}`)
      .max(RUN_LIMITS.sampleSize.max, `sampleSize must be at most ${RUN_LIMITS.sampleSize.max}`)
      .default(COMPARISON_DEFAULTS.sampleSize),
    seed: z.number({ error: "seed must be a number" }).int("seed must be a whole number").min(0, "seed must be at least 0").max(2 ** 31 - 1, "seed is too large").optional(),
    firstRows: z.boolean({ error: "firstRows must be true or false" }).default(false),
    variants: z
      .array(comparisonVariantSchema)
      .min(COMPARISON_LIMITS.variants.min, "variants needs at least one variant")
      .max(COMPARISON_LIMITS.variants.max, `variants allows at most ${COMPARISON_LIMITS.variants.max} variants`),
    reference: z.number({ error: "reference must be a number" }).int("reference must be a whole number").min(0, "reference must be at least 0").default(0),
    gate: gateSchema.default(COMPARISON_DEFAULTS.gate),
  })
  .superRefine((input, ctx) => {
    if (input.reference >= input.variants.length) {
      ctx.addIssue({ code: "custom", path: ["reference"], message: `reference must name one of the ${input.variants.length} variants (0–${input.variants.length - 1})` });
    }
    if (input.firstRows && input.seed !== undefined) {
      ctx.addIssue({ code: "custom", path: ["seed"], message: "seed draws a random sample: leave it out with firstRows" });
    }
    input.variants.forEach((variant, index) => {
      if (variant.labels && variant.outputSchema) {
        ctx.addIssue({ code: "custom", path: ["variants", index, "labels"], message: "a variant answers with labels or with a JSON schema, not both" });
      }
    });
  });

export type CreateComparisonInput = z.input<typeof createComparisonSchema>;
export type ComparisonRequest = z.infer<typeof createComparisonSchema>;
export type ComparisonVariantInput = z.infer<typeof comparisonVariantSchema>;

export const verdictSchema = z.object({
  verdict: z.enum(["approve", "reject"], { error: 'verdict must be "approve" or "reject"' }),
  note: z.string().trim().max(2_000, "note is at most 2,000 characters").nullish(),
});

export type VerdictInput = z.infer<typeof verdictSchema>;

export const launchComparisonSchema = z.object({
  variant: z.number({ error: "variant must be a number" }).int("variant must be a whole number").min(0, "variant must be at least 0"),
  /** Launching when no row of the comparison has been judged must be confirmed (409 `confirmation_required` otherwise). */
  confirmUnjudged: z.boolean({ error: "confirmUnjudged must be true or false" }).optional(),
  budgetUsd: z
    .number({ error: "budgetUsd must be a number" })
    .min(RUN_LIMITS.budgetUsd.min, "budgetUsd must be at least 0.000001 (one micro-dollar)")
    .max(RUN_LIMITS.budgetUsd.max, "budgetUsd must be at most 1,000,000")
    .nullish(),
});

export type LaunchComparisonInput = z.infer<typeof launchComparisonSchema>;
