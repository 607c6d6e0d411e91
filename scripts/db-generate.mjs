// npm run db:generate: writes prisma/{sqlite,postgres}/schema.prisma from prisma/models.prisma and
// generates both Prisma clients into lib/server/generated/ (git-ignored). Works offline.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { writeProviderSchemas } from "./render-schema.mjs";

const root = process.cwd();
const prismaCli = join(root, "node_modules", "prisma", "build", "index.js");

// `prisma generate` insists on a schema-engine binary being present (downloading one otherwise),
// but never runs it: any existing file satisfies the check.
const stubDir = mkdtempSync(join(tmpdir(), "batchwise-schema-engine-"));
const stub = join(stubDir, "schema-engine");
writeFileSync(stub, '#!/bin/sh\necho "schema-engine stub: use npm run db:migrate" >&2\nexit 1\n');
chmodSync(stub, 0o755);

let failed = false;
try {
  for (const schema of writeProviderSchemas(root)) {
    const started = Date.now();
    const result = spawnSync(process.execPath, [prismaCli, "generate", "--schema", schema], {
      cwd: root,
      encoding: "utf8",
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: stub,
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        CHECKPOINT_DISABLE: "1",
      },
    });
    if (result.status !== 0) {
      // Only show Prisma's own chatter when something went wrong.
      process.stderr.write(result.stdout + result.stderr);
      console.error(`db:generate: prisma generate failed for ${relative(root, schema)}`);
      failed = true;
      break;
    }
    console.log(`Generated ${relative(root, schema)} and its client (${Date.now() - started} ms)`);
  }
} finally {
  rmSync(stubDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
