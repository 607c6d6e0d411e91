// Labels as an output shape: the model must answer exactly one of a list. The list reaches the model
// as one line of its system message (every OpenAI-compatible endpoint understands text; not every one
// supports structured outputs), and the answer is matched ignoring case and spacing, then stored as
// the label was written in the list.

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
