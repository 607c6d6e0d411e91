// `npm run bench [-- name…]`: runs every tests/bench/*.bench.ts in turn, each in its own process
// (a benchmark sets its environment before importing lib/, which reads it once), and prints their tables.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";

const dir = import.meta.dirname;
const root = path.resolve(dir, "../..");
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

if (files.length === 0) {
  console.error(`No benchmark matches ${wanted.join(", ")}.`);
  process.exit(1);
}

const failed: string[] = [];
for (const file of files) {
  console.log(`\n▶ ${file}`);
  const started = Date.now();
  const result = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", path.join(dir, file)], { cwd: root, stdio: "inherit" });
  console.log(`(${file}: ${((Date.now() - started) / 1000).toFixed(0)} s)`);
  if (result.status !== 0) failed.push(file);
}
if (failed.length > 0) {
  console.error(`\nFailed: ${failed.join(", ")}`);
  process.exit(1);
}
