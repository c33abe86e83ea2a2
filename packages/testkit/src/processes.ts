import type { ChildProcess } from 'node:child_process';

// The processes the testkit starts (registries, action bundles and what they start in turn, such as
// Trivy). A program that must leave nothing behind when it is interrupted (the demo) turns on process
// groups: each child then leads its own group, and stopping kills the whole group, grandchildren too.

const live = new Set<ChildProcess>();
let groups = false;

/** From now on, children start in their own process group and are tracked until they exit. */
export function useProcessGroups(): void {
  groups = true;
}

/** Spawn options for a child the testkit starts: `detached` (its own group) when groups are on. */
export function spawnGroupOptions(): { detached: boolean } {
  return { detached: groups };
}

/** Tracks `child` until it exits, so that stopTrackedProcesses can end it. */
export function trackProcess(child: ChildProcess): void {
  if (!groups || child.pid === undefined) return;
  live.add(child);
  child.once('exit', () => live.delete(child));
}

/** The PIDs of the tracked children still running. */
export function trackedPids(): number[] {
  return [...live].map((child) => child.pid!).filter((pid) => pid !== undefined);
}

/**
 * Sends `signal` to every tracked child's process group (synchronous, so it also works in an `exit`
 * handler). Returns how many groups were signalled.
 */
export function stopTrackedProcesses(signal: NodeJS.Signals = 'SIGTERM'): number {
  let count = 0;
  for (const child of live) {
    if (child.pid === undefined) continue;
    try {
      process.kill(-child.pid, signal);
      count++;
    } catch {
      try {
        child.kill(signal);
      } catch {
        // already gone
      }
    }
  }
  return count;
}
