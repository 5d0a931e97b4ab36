/** Waiting on real processes in tests: a condition polled, and the live processes carrying a marker. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Processes whose command line contains `marker`, zombies excluded (PID 1 here does not reap them). */
export function livePids(marker: string): string[] {
  return spawnSync('pgrep', ['-f', marker], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .filter((pid) => {
      try {
        return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
      } catch {
        return false;
      }
    });
}
