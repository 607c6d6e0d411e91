// Labels as an output shape: the model must answer exactly one of a list. The list reaches the model
// as one line of its system message (every OpenAI-compatible endpoint understands text; not every one
// supports structured outputs), and the answer is matched ignoring case and spacing, then stored as
// the label was written in the list.
import { z } from "zod";

/** The line added to the system message; the simulator reads the labels back from it. */
const INSTRUCTION_PREFIX = "Answer with exactly one of these labels and nothing else:";
const SEPARATOR = " | ";

export function labelInstruction(labels: readonly string[]): string {
  return `${INSTRUCTION_PREFIX} ${labels.join(SEPARATOR)}`;
}

/** The labels a system message asks for, or null when it asks for none. */
export function labelsFromInstruction(system: string): string[] | null {
  const line = system.split("\n").find((candidate) => candidate.startsWith(INSTRUCTION_PREFIX));
  if (!line) return null;
  return line.slice(INSTRUCTION_PREFIX.length).trim().split(SEPARATOR).map((label) => label.trim());
}

/** Case and runs of whitespace do not matter; surrounding quotes and a final full stop neither. */
export function normaliseLabel(text: string): string {
  return text
    .trim()
    .replace(/^["'`]+|["'`]+$/g, "")
    .replace(/\.$/, "")
    .replace(/\s+/g, " ")
    .toLowerCase();
}

/** The label (as written in the list) the answer names, or null when it names none of them. */
export function matchLabel(answer: string, labels: readonly string[]): string | null {
  const wanted = normaliseLabel(answer);
  return labels.find((label) => normaliseLabel(label) === wanted) ?? null;
}

export const LABEL_LIMITS = { min: 1, max: 100, maxChars: 200 } as const;

/**
 * The labels of a run: 1-100, none empty, none the same as another once case and spacing are
 * ignored (matchLabel could not tell them apart). Every problem names the field `labels`.
 */
export const labelsSchema = z
  .array(z.string({ error: "labels must be a list of strings" }).trim().max(LABEL_LIMITS.maxChars, `a label is at most ${LABEL_LIMITS.maxChars} characters`), {
    error: "labels must be a list of strings",
  })
  .min(LABEL_LIMITS.min, "labels must list at least 1 label")
  .max(LABEL_LIMITS.max, `labels must list at most ${LABEL_LIMITS.max} labels`)
  .superRefine((labels, ctx) => {
    const problem = labelListProblem(labels);
    if (problem) ctx.addIssue({ code: "custom", message: problem, path: [] });
  });

/** What is wrong with a list of labels (empty or repeated ones), or null. */
export function labelListProblem(labels: readonly string[]): string | null {
  const seen = new Map<string, string>();
  for (const [index, label] of labels.entries()) {
    const key = normaliseLabel(label);
    if (key === "") return `labels: label ${index + 1} is empty`;
    // The list travels as one line joined by " | " (labelInstruction): a label may hold neither.
    if (/[\r\n|]/.test(label)) return `labels: "${label}" may not contain a line break or "|"`;
    const earlier = seen.get(key);
    if (earlier !== undefined) return `labels: "${earlier}" and "${label}" are the same label once case and spacing are ignored`;
    seen.set(key, label);
  }
  return null;
}
