// Who holds a run's executor lease, written so that a process on the same host can tell whether
// the holder still exists: after a kill -9 and a restart the new process takes over at once
// instead of waiting for the lease to expire. Holders on other hosts are only judged by time.
import "server-only";

/** "host:pid:uuid" */
export const leaseOwnerId = (host: string, pid: number, instance: string) => `${host}:${pid}:${instance}`;

export function isProcessGone(owner: string, thisHost: string): boolean {
  const match = /^(.*):(\d+):[^:]+$/.exec(owner);
  if (!match || match[1] !== thisHost) return false;
  const pid = Number(match[2]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
