/**
 * Fault matrix, signals: a service stop (SIGTERM) or a closed terminal (SIGHUP,
 * an SSH session dropped) mid-run cancels the run: the checks' process groups are
 * killed, and the report of what finished is printed and saved.
 */
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { livePids, waitFor } from '../helpers/processes.js';
import { savedRuns, startCli, temp, writeConfig, writeScript } from './support.js';

describe('fault: a signal mid-run', { timeout: 120_000 }, () => {
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    it(`${signal}: the run is cancelled, its scripts killed, the partial report printed and saved`, async () => {
      const marker = `backstop-fault-${signal}-${process.pid}-${Date.now()}`;
      const dataDir = temp('data');
      const dir = temp('config');
      // `sleep` under a name of its own, so every process the checks start can be found.
      const sleeper = join(dir, marker);
      symlinkSync(execFileSync('sh', ['-c', 'command -v sleep'], { encoding: 'utf8' }).trim(), sleeper);
      writeScript(dir, 'child.sh', `"${sleeper}" 1000 &\n"${sleeper}" 1000`);
      const path = writeConfig(`resources:
  - { name: Sleeper, type: process, command: ["${sleeper}", "1000"], link: "https://x" }
  - { name: Child, type: process, command: ./child.sh, link: "https://x" }
  - { name: Alive, type: proof-of-life, link: "https://x" }
`, dir);
      const run = startCli(['run', path, '--print', '--data-dir', dataDir]);
      await waitFor(() => livePids(marker).length >= 3, 30_000);
      const sent = Date.now();
      run.child.kill(signal);
      const result = await run.result;
      expect(Date.now() - sent).toBeLessThan(5_000);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`backstop: ${signal}: cancelling the run`);
      expect(result.stdout).toContain('ERROR,Sleeper,,run cancelled while this check was running');
      expect(result.stdout).toContain('ERROR,Child,,run cancelled while this check was running');
      expect(result.stdout).toContain('OK,Alive,,"I ran, therefore I am."');
      const [saved] = savedRuns(dataDir);
      expect(saved?.statuses.map((status) => [status.level, status.resource])).toEqual([
        ['ERROR', 'Child'],
        ['ERROR', 'Sleeper'],
        ['OK', 'Alive'],
      ]);
      await waitFor(() => livePids(marker).length === 0, 3_000);
    });
  }
});
