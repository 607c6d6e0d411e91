// Prompt templates over a dataset's columns: "Classify {{title}} — {{notes}}".
import "server-only";
import { AppError } from "@/lib/server/errors";

const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;

/** The column names a template refers to, in order of first use. */
export function templateColumns(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) names.add(match[1] ?? "");
  return [...names];
}

/** Refuses a template that is empty, uses no column, or names a column the dataset does not have. */
export function assertTemplateFits(template: string, columns: readonly string[]): void {
  if (template.trim() === "") {
    throw new AppError("validation_failed", "The prompt template is empty.", { field: "prompt.template" });
  }
  const used = templateColumns(template);
  if (used.length === 0) {
    throw new AppError("validation_failed", "The prompt template uses no column: add one like {{" + (columns[0] ?? "column") + "}}.", {
      field: "prompt.template",
    });
  }
  const unknown = used.filter((name) => !columns.includes(name));
  if (unknown.length > 0) {
    throw new AppError(
      "validation_failed",
      `The prompt template uses ${unknown.map((n) => `{{${n}}}`).join(", ")}, but the dataset has no such column. Columns: ${columns.join(", ")}.`,
      { field: "prompt.template", unknownColumns: unknown },
    );
  }
}

/** Fills a template from one row (values keyed by column name). */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => values[name.trim()] ?? "");
}
