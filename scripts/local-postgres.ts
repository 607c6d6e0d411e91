// A throwaway PostgreSQL cluster from the locally installed server binaries (Debian's package puts
// them in /usr/lib/postgresql/<version>/bin), for diffs when no SHADOW_DATABASE_URL is given.
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface LocalPostgres {
  url: string;
  stop(): void;
}

const DEBIAN_ROOT = "/usr/lib/postgresql";
const PORT = 5432; // only names the socket file inside our private directory

function findBinDir(): string | undefined {
  if (!existsSync(DEBIAN_ROOT)) return undefined;
  const versions = readdirSync(DEBIAN_ROOT)
    .filter((version) => existsSync(join(DEBIAN_ROOT, version, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(DEBIAN_ROOT, versions[0], "bin") : undefined;
}

/** Starts a cluster listening only on a socket in a fresh temp dir; undefined when none is installed. */
export function startLocalPostgres(): LocalPostgres | undefined {
  const bin = findBinDir();
  if (!bin) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "batchwise-pg-"));
  const data = join(dir, "data");
  // PostgreSQL refuses to run as root: run its binaries as the "postgres" system user then.
  const asRoot = process.getuid?.() === 0;
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? ["runuser", "-u", "postgres", "--", join(bin, tool), ...args] : [join(bin, tool), ...args];
    const [file, ...rest] = command;
    execFileSync(file ?? tool, rest, { stdio: "pipe" });
  };
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync"]);
  const options = `-c listen_addresses='' -k ${dir} -p ${PORT} -c fsync=off`;
  run("pg_ctl", ["-D", data, "-o", options, "-l", join(dir, "log"), "-w", "start"]);
  return {
    url: `postgresql://postgres@localhost:${PORT}/postgres?host=${encodeURIComponent(dir)}`,
    stop() {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
