/** Helpers for the process check's tests: fixture paths and proof that a process is gone. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const fixturesDir = fileURLToPath(new URL('../../fixtures/process/', import.meta.url));

export function fixture(name: string): string {
  return join(fixturesDir, name);
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'backstop-process-'));
}

/** The whitespace-separated pids a fixture wrote to its `PID_FILE`. */
export function readPids(pidFile: string): number[] {
  const pids = readFileSync(pidFile, 'utf8').trim().split(/\s+/).map(Number);
  if (pids.length === 0 || !pids.every((pid) => Number.isInteger(pid) && pid > 1)) throw new Error(`no pids in ${pidFile}`);
  return pids;
}

/**
 * True once `pid` no longer runs. `kill(pid, 0)` throwing ESRCH is the proof; a zombie also counts:
 * it has already died, and in containers whose init never reaps orphans it stays listed forever.
 */
export function isGone(pid: number): boolean {
  if (!isSignalable(pid)) return true;
  try {
    // /proc/<pid>/stat: "pid (comm) STATE ..."; comm may contain spaces, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    // No /proc (macOS), or the process vanished between the two looks: ask the kernel again.
    return !isSignalable(pid);
  }
}

function isSignalable(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, but belongs to someone else
  }
}

/** Polls briefly: SIGKILL is sent before the check returns, but the kernel needs a moment to finish the job. */
export async function waitUntilGone(pid: number, withinMs = 300): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (!isGone(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}
