/**
 * No process outlives its check: real scripts leave `sleep 9872` behind in each of the ways
 * scripts do (a new session, a daemon's double fork, nohup &), and the check finds it by its
 * mark, kills it, and names it, whether the script ends or times out. Linux only: elsewhere
 * there is no /proc to find the mark in.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import processCheck from '../../../main/checks/process/index.js';
import { hostPlatform, useProcessPlatform } from '../../../main/checks/process/platform.js';
import { CHECK_MARK, killMarked, newCheckMark } from '../../../main/checks/process/survivors.js';
import type { ConfiguredResource } from '../../../main/engine/config.js';
import { DEFAULTS } from '../../../main/engine/config.js';
import { runResources, type RunnerOptions } from '../../../main/engine/runner.js';
import { runCheck } from '../../helpers/context.js';
import { RunState } from '../../../main/engine/run-state.js';
import { fixture, isGone, readPids, tempDir, waitUntilGone } from './support.js';

const linux = process.platform === 'linux';
const ways = ['setsid', 'double-fork', 'nohup'] as const;
const leftBehind = (pid: number) => ({ level: 'WARNING', result: `left a background process running: sleep 9872 (pid ${pid}), killed` });

async function pidOf(pidFile: string): Promise<number> {
  return readPids(pidFile)[0]!;
}

function resource(name: string, command: string[], pidFile: string, timeoutMs: number): ConfiguredResource {
  const params = processCheck.schema.parse({ command, env: { PID_FILE: pidFile } });
  return { ok: true, index: 0, name, type: 'process', link: 'https://example.test', tags: [], timeoutMs, definition: processCheck, params };
}

function runnerOptions(): RunnerOptions {
  return {
    settings: { timezone: 'UTC', schedule: DEFAULTS.schedule, concurrency: { network: 1, process: 1 }, defaultTimeoutMs: 1000, runDeadlineMs: 10_000, staleAfterMs: DEFAULTS.staleAfterMs, historyKeep: 10 },
    configDir: process.cwd(),
    dataDir: tempDir(),
    env: process.env,
    now: () => new Date(),
    stateFor: (resource) => new RunState(undefined, {}).open(resource.name),
  };
}

async function waitForFile(path: string): Promise<void> {
  while (!existsSync(path)) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe.runIf(linux)('process check, what a script leaves running', () => {
  it.each(ways)('%s: killed when the script ends, and named', async (way) => {
    const pidFile = join(tempDir(), 'pid');
    const statuses = await runCheck(processCheck, { command: [fixture('escape.sh'), way], env: { PID_FILE: pidFile } });
    const pid = await pidOf(pidFile);
    expect(statuses).toEqual([{ level: 'OK', result: `started sleep 9872 (${way})` }, leftBehind(pid)]);
    expect(await waitUntilGone(pid)).toBe(true);
  });

  it.each(['setsid', 'double-fork'] as const)('%s: killed when the check times out, and named after the timeout', async (way) => {
    const pidFile = join(tempDir(), 'pid');
    // Time out once the sleep has escaped, however slow the machine is today.
    const controller = new AbortController();
    void waitForFile(`${pidFile}.ready`).then(() => controller.abort(new DOMException('timed out', 'TimeoutError')));
    const statuses = await runCheck(processCheck, { command: [fixture('escape.sh'), way, 'hang'], env: { PID_FILE: pidFile } }, { signal: controller.signal, timeoutMs: 30_000 });
    const pid = await pidOf(pidFile);
    expect(statuses).toEqual([{ level: 'ERROR', result: 'did not finish within 30s; process group killed' }, leftBehind(pid)]);
    expect(await waitUntilGone(pid)).toBe(true);
  });

  it('a timed-out check gets the WARNING on its row through the runner, which drops its late answer', async () => {
    const pidFile = join(tempDir(), 'pid');
    const [outcome] = await runResources([resource('escaping script', [fixture('escape.sh'), 'setsid', 'hang'], pidFile, 1500)], runnerOptions());
    const pid = await pidOf(pidFile);
    expect(outcome!.ending).toBe('timeout');
    expect(outcome!.statuses.map((status) => status.level)).toEqual(['ERROR', 'WARNING']);
    expect(outcome!.statuses[1]).toEqual(leftBehind(pid));
    expect(await waitUntilGone(pid)).toBe(true);
  });

  it('a check stopped after its command exited, while a leftover held the pipes, still names the leftover', async () => {
    const pidFile = join(tempDir(), 'pid');
    const cancel = new AbortController();
    // Stop the run in the half second Backstop waits for the pipes, just after it has seen the command exit.
    const host = hostPlatform();
    const restore = useProcessPlatform({
      ...host,
      spawn: (file, args, options) => host.spawn(file, args, options).once('exit', () => setTimeout(() => cancel.abort(), 50)),
    });
    try {
      const [outcome] = await runResources([resource('holding script', [fixture('leave-grandchild.sh'), 'hold'], pidFile, 30_000)], { ...runnerOptions(), signal: cancel.signal });
      const pid = readPids(pidFile)[0]!;
      expect(outcome!.ending).toBe('cancelled');
      expect(outcome!.statuses).toEqual([
        { level: 'ERROR', result: 'run cancelled while this check was running' },
        { level: 'WARNING', result: `left a background process running: sleep 1000 (pid ${pid}), killed` },
      ]);
      expect(await waitUntilGone(pid)).toBe(true);
    } finally {
      restore();
    }
  });

  it("never touches another check's processes, even running the same command at the same moment", async () => {
    const escapedFile = join(tempDir(), 'pid');
    const neighbourFile = join(tempDir(), 'pid');
    const controller = new AbortController();
    // The neighbour leaves its own setsid sleep running until it is stopped.
    const neighbour = runCheck(processCheck, { command: [fixture('escape.sh'), 'setsid', 'hang'], env: { PID_FILE: neighbourFile } }, { signal: controller.signal });
    await waitForFile(`${neighbourFile}.ready`);
    const statuses = await runCheck(processCheck, { command: [fixture('escape.sh'), 'setsid'], env: { PID_FILE: escapedFile } });
    const neighbourPid = await pidOf(neighbourFile);
    expect(statuses).toEqual([{ level: 'OK', result: 'started sleep 9872 (setsid)' }, leftBehind(await pidOf(escapedFile))]);
    expect(isGone(neighbourPid)).toBe(false);

    controller.abort(new Error('test over'));
    expect((await neighbour).slice(1)).toEqual([leftBehind(neighbourPid)]);
    expect(await waitUntilGone(neighbourPid)).toBe(true);
  });

  it('a leftover that dropped the mark (env -i) but stayed in the group is still killed with the group', async () => {
    const pidFile = join(tempDir(), 'pid');
    const log: string[] = [];
    // Reports once `sleep` has replaced `env` (whose environment still had the mark).
    const command = [
      'env -i /bin/sleep 1000 </dev/null >/dev/null 2>&1 & pid=$!; echo $pid > "$PID_FILE"',
      'until [ "$(cat /proc/$pid/comm 2>/dev/null)" = sleep ]; do sleep 0.01; done',
      `echo '[STATUS]^OK^left one'`,
    ].join('; ');
    const statuses = await runCheck(processCheck, { command, env: { PID_FILE: pidFile } }, { log: (line) => log.push(line) });
    const pid = await pidOf(pidFile);
    // Without its mark it cannot be named on Linux; the group kill still ends it, and the log says so.
    expect(statuses).toEqual([{ level: 'OK', result: 'left one' }]);
    expect(await waitUntilGone(pid)).toBe(true);
    expect(log.join('\n')).toContain('killed processes it left running');
  });

  it('a script that leaves nothing gets no WARNING, and its processes carry the mark while they run', async () => {
    const statuses = await runCheck(processCheck, { command: `echo "[STATUS]^OK^$${CHECK_MARK}"` });
    expect(statuses).toEqual([{ level: 'OK', result: expect.stringMatching(/^\d+-[0-9a-f]{12}-\d+$/) }]);
  });

  it('a leftover killed by an earlier look is not killed or named again (while it exits its command line is gone)', async () => {
    const mark = newCheckMark();
    const sleeper = spawn('sleep', ['9873'], { env: { ...process.env, [CHECK_MARK]: mark }, stdio: 'ignore' });
    try {
      await new Promise((resolve) => sleeper.once('spawn', resolve));
      const pid = sleeper.pid!;
      const kills: number[] = [];
      const record = (target: number) => void kills.push(target);
      const first = killMarked(mark, pid - 1, record);
      expect(first.killed).toEqual([{ pid, group: expect.any(Number), command: 'sleep 9873' }]);
      const again = killMarked(mark, pid - 1, record, { killedBefore: new Set(first.killed.map((marked) => marked.pid)) });
      expect(again.killed).toEqual([]);
      // The recorded kill does nothing, so the sleep is found by every look: killed by the first call only.
      expect(kills).toEqual([pid]);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });
});

describe('process check, what a script leaves running, where processes cannot be named (macOS: no /proc)', () => {
  it('a leftover in the group is killed with an unnamed WARNING; one that left the group is not found', async () => {
    const restore = useProcessPlatform({ ...hostPlatform(), os: 'darwin' });
    try {
      const nohupFile = join(tempDir(), 'pid');
      const inGroup = await runCheck(processCheck, { command: [fixture('escape.sh'), 'nohup'], env: { PID_FILE: nohupFile } });
      expect(inGroup).toEqual([
        { level: 'OK', result: 'started sleep 9872 (nohup)' },
        { level: 'WARNING', result: 'left background processes running in its process group, killed' },
      ]);
      expect(await waitUntilGone(await pidOf(nohupFile))).toBe(true);

      const setsidFile = join(tempDir(), 'pid');
      const escaped = await runCheck(processCheck, { command: [fixture('escape.sh'), 'setsid'], env: { PID_FILE: setsidFile } });
      const pid = await pidOf(setsidFile);
      // The README says so: on macOS a process that left the group keeps running.
      expect(escaped).toEqual([{ level: 'OK', result: 'started sleep 9872 (setsid)' }]);
      expect(isGone(pid)).toBe(false);
      process.kill(pid, 'SIGKILL');
      expect(await waitUntilGone(pid)).toBe(true);
    } finally {
      restore();
    }
  });
});
