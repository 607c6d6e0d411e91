// Column names from the header record: trimmed, never empty, never repeated. Each rename is
// reported, so no column is lost or renamed silently.
import "server-only";

export interface NormalizedHeader {
  columns: string[];
  warnings: string[];
}

export function normalizeHeader(raw: readonly string[]): NormalizedHeader {
  const names = raw.map((name) => name.trim());
  // Names the file itself uses are reserved, so a generated `text_2` never takes a real column's name.
  const written = new Set(names.filter((name) => name !== ""));
  const used = new Set<string>();
  const columns: string[] = [];
  const warnings: string[] = [];

  const unique = (base: string, from: number) => {
    let n = from;
    while (used.has(`${base}_${n}`) || written.has(`${base}_${n}`)) n++;
    return `${base}_${n}`;
  };

  names.forEach((name, i) => {
    const position = i + 1;
    let column = name;
    if (name === "") {
      const generated = `column_${position}`;
      column = used.has(generated) || written.has(generated) ? unique(generated, 2) : generated;
      warnings.push(`Column ${position} has no name; it is now "${column}".`);
    } else if (used.has(name)) {
      column = unique(name, 2);
      warnings.push(`Column ${position} repeats the name "${name}"; it is now "${column}".`);
    }
    used.add(column);
    columns.push(column);
  });
  return { columns, warnings };
}
