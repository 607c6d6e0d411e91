// Compact fixed-width tables for benchmark output.

export function printTable(title: string, header: string[], rows: (string | number)[][], notes: string[] = []): void {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of cells.slice(1)) console.log(line(row));
  for (const note of notes) console.log(note);
}

export const percent = (share: number, digits = 1) => `${(share * 100).toFixed(digits)} %`;

/** Runs a benchmark's main and exits: 0 when it finished, 1 (with the error) when it threw. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
