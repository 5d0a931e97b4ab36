/**
 * Running the command: process groups, timeouts, leftovers, output caps, spawn failures,
 * arguments, working directory and shell. Every process a test starts is proven gone by pid.
 */
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import processCheck from '../../../main/checks/process/index.js';
import { runCheck } from '../../helpers/context.js';
import { fixture, fixturesDir, readPids, tempDir, waitUntilGone } from './support.js';

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe('process check, timeout', () => {
  it('kills the whole group when the signal aborts, and returns at once', async () => {
    const pidFile = join(tempDir(), 'pids');
    const { value, ms } = await timed(() =>
      runCheck(processCheck, { command: [fixture('hang.sh')], env: { PID_FILE: pidFile } }, { signal: AbortSignal.timeout(300), timeoutMs: 300 }),
    );
    expect(value).toEqual([{ level: 'ERROR', result: 'did not finish within 300ms; process group killed' }]);
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(900); // SIGTERM was enough: no waiting for the SIGKILL grace
    const [shell, sleep] = readPids(pidFile);
    expect(await waitUntilGone(shell!)).toBe(true);
    expect(await waitUntilGone(sleep!)).toBe(true);
  });

  it('follows SIGTERM with SIGKILL after half a second when the group ignores SIGTERM', async () => {
    const pidFile = join(tempDir(), 'pids');
    const { value, ms } = await timed(() =>
      runCheck(
        processCheck,
        { command: [fixture('hang.sh'), 'stubborn'], env: { PID_FILE: pidFile } },
        { signal: AbortSignal.timeout(200), timeoutMs: 200 },
      ),
    );
    expect(value).toEqual([{ level: 'ERROR', result: 'did not finish within 200ms; process group killed' }]);
    expect(ms).toBeGreaterThanOrEqual(650);
    expect(ms).toBeLessThan(2500);
    for (const pid of readPids(pidFile)) expect(await waitUntilGone(pid)).toBe(true);
  });

  it('does not start at all when the signal has already aborted', async () => {
    const pidFile = join(tempDir(), 'pids');
    const statuses = await runCheck(processCheck, { command: [fixture('hang.sh')], env: { PID_FILE: pidFile } }, { signal: AbortSignal.abort(new Error('run cancelled')) });
    expect(statuses).toEqual([{ level: 'ERROR', result: 'stopped early (run cancelled); not started' }]);
    expect(existsSync(pidFile)).toBe(false);
  });

  it('names an abort that is not a timeout, and still kills the group', async () => {
    const pidFile = join(tempDir(), 'pids');
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('run cancelled')), 200);
    const statuses = await runCheck(processCheck, { command: [fixture('hang.sh')], env: { PID_FILE: pidFile } }, { signal: controller.signal });
    expect(statuses).toEqual([{ level: 'ERROR', result: 'stopped early (run cancelled); process group killed' }]);
    for (const pid of readPids(pidFile)) expect(await waitUntilGone(pid)).toBe(true);
  });

  it('words a 30 s timeout as the config writes it', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), 100);
    const statuses = await runCheck(processCheck, { command: 'sleep 1000' }, { signal: controller.signal, timeoutMs: 30_000 });
    expect(statuses).toEqual([{ level: 'ERROR', result: 'did not finish within 30s; process group killed' }]);
  });
});

describe('process check, leftovers', () => {
  const leftBehind = (pid: number) => ({ level: 'WARNING', result: `left a background process running: sleep 1000 (pid ${pid}), killed` });

  it('kills a background grandchild that holds the output pipes, ~500 ms after the script exits, and names it', async () => {
    const pidFile = join(tempDir(), 'pid');
    const { value, ms } = await timed(() => runCheck(processCheck, { command: [fixture('leave-grandchild.sh'), 'hold'], env: { PID_FILE: pidFile } }));
    const [pid] = readPids(pidFile);
    expect(value).toEqual([{ level: 'OK', result: 'left a grandchild behind' }, leftBehind(pid!)]);
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(ms).toBeLessThan(1500);
    expect(await waitUntilGone(pid!)).toBe(true);
  });

  it('kills a background grandchild that let go of the pipes, without waiting, and names it', async () => {
    const pidFile = join(tempDir(), 'pid');
    const log: string[] = [];
    const { value, ms } = await timed(() =>
      runCheck(processCheck, { command: [fixture('leave-grandchild.sh'), 'detach'], env: { PID_FILE: pidFile } }, { log: (line) => log.push(line) }),
    );
    const [pid] = readPids(pidFile);
    expect(value).toEqual([{ level: 'OK', result: 'left a grandchild behind' }, leftBehind(pid!)]);
    expect(ms).toBeLessThan(400);
    expect(await waitUntilGone(pid!)).toBe(true);
    expect(log.join('\n')).toContain('killed processes it left running');
  });
});

describe('process check, output', () => {
  const FIFTY_MIB = 50 * 1024 * 1024;
  const flood = `head -c ${FIFTY_MIB} /dev/zero | tr '\\0' x`;

  it('caps 50 MiB of stdout at 1 MiB, drains the rest, and says later lines were not read', async () => {
    const log: string[] = [];
    const statuses = await runCheck(
      processCheck,
      { command: `${flood}; echo; echo '[STATUS]^ERROR^too late to be read'`, debug: true },
      { log: (line) => log.push(line) },
    );
    expect(statuses).toEqual([
      { level: 'WARNING', result: 'stdout was 52.4 MB; only the first 1 MB was read, so later [STATUS] lines may be missing' },
    ]);
    // What is kept in memory is the cap, not the stream.
    const stdoutLog = log.find((line) => line.startsWith('stdout ('))!;
    expect(stdoutLog.split('\n')[0]).toBe('stdout (52.4 MB, truncated):');
    expect(stdoutLog.length - stdoutLog.indexOf('\n') - 1).toBe(1024 * 1024);
  });

  it('shows the end of the output and the truncation when a flooding script fails', async () => {
    const [status, ...rest] = await runCheck(processCheck, { command: `${flood}; echo; echo 'disk full'; exit 1` });
    expect(rest).toEqual([]);
    expect(status).toEqual({
      level: 'ERROR',
      result: `exit code 1: …${'x'.repeat(490)}\ndisk full (output truncated: stdout was 52.4 MB; only the first 1 MB of each is read)`,
    });
  });

  it('drains 50 MiB of stderr so the child never blocks, and still reads stdout', async () => {
    const statuses = await runCheck(processCheck, { command: `${flood} >&2; echo '[STATUS]^OK^survived the stderr flood'` });
    expect(statuses).toEqual([{ level: 'OK', result: 'survived the stderr flood' }]);
  });

  it('logs the full output only with debug', async () => {
    const quiet: string[] = [];
    const chatty: string[] = [];
    const command = `echo 'to stdout'; echo 'to stderr' >&2`;
    await runCheck(processCheck, { command }, { log: (line) => quiet.push(line) });
    await runCheck(processCheck, { command, debug: true }, { log: (line) => chatty.push(line) });
    expect(quiet).toHaveLength(1);
    expect(quiet[0]).toMatch(/^\/bin\/sh -c ".*" \(in .*, pid \d+\): exit code 0 after \d+ ms$/);
    expect(chatty.slice(1)).toEqual(['stdout (10 bytes):\nto stdout\n', 'stderr (10 bytes):\nto stderr\n']);
  });
});

describe('process check, starting', () => {
  it('passes argv entries as they are: spaces, quotes and shell characters untouched', async () => {
    const args = ['two  spaces', "it's", '$HOME', 'a;b', '*', ''];
    const statuses = await runCheck(processCheck, { command: [fixture('print-args.sh'), ...args] });
    expect(statuses).toEqual(args.map((arg) => ({ level: 'OK', result: arg.trim() })));
  });

  const failures: { name: string; params: Record<string, unknown>; configDir?: string; expected: string }[] = [
    { name: 'missing command', params: { command: ['no-such-command-backstop', '--x'] }, expected: 'command not found: no-such-command-backstop' },
    { name: 'missing command path', params: { command: ['/nowhere/check.sh'] }, expected: 'command not found: /nowhere/check.sh' },
    { name: 'missing shell', params: { command: 'echo hi', shell: '/no/such/bash' }, expected: 'shell not found: /no/such/bash' },
    { name: 'missing cwd', params: { command: ['true'], cwd: 'does/not/exist' }, configDir: '/tmp', expected: 'cwd does not exist: /tmp/does/not/exist' },
    { name: 'cwd is a file', params: { command: ['true'], cwd: 'counter.sh' }, configDir: fixturesDir, expected: `cwd is not a directory: ${fixture('counter.sh')}` },
  ];
  it.each(failures)('reports a start failure in plain words: $name', async ({ params, configDir, expected }) => {
    expect(await runCheck(processCheck, params, configDir ? { configDir } : {})).toEqual([{ level: 'ERROR', result: expected }]);
  });

  it('reports a command that is not executable', async () => {
    const script = join(tempDir(), 'not-executable.sh');
    writeFileSync(script, '#!/bin/sh\necho hi\n');
    chmodSync(script, 0o644);
    expect(await runCheck(processCheck, { command: [script] })).toEqual([
      { level: 'ERROR', result: `command is not executable (permission denied): ${script}` },
    ]);
  });

  it('runs in the config folder by default and resolves cwd and relative commands against it', async () => {
    const root = join(fixturesDir, '..');
    const pwd = `echo "[STATUS]^OK^$(pwd)"`;
    expect(await runCheck(processCheck, { command: pwd }, { configDir: root })).toEqual([{ level: 'OK', result: root.replace(/\/$/, '') }]);
    expect(await runCheck(processCheck, { command: pwd, cwd: 'process' }, { configDir: root })).toEqual([{ level: 'OK', result: fixturesDir.replace(/\/$/, '') }]);
    expect(await runCheck(processCheck, { command: ['./print-args.sh', 'relative'], cwd: 'process' }, { configDir: root })).toEqual([{ level: 'OK', result: 'relative' }]);
  });

  it('runs a string command with the configured shell', async () => {
    const command = `echo "[STATUS]^OK^\${BASH_VERSION:+bash}"`;
    expect(await runCheck(processCheck, { command, shell: 'bash' })).toEqual([{ level: 'OK', result: 'bash' }]);
    expect(await runCheck(processCheck, { command, env: { BASH_VERSION: '' } })).toEqual([{ level: 'OK', result: '' }]);
  });
});

describe('process check, a command that cannot run', () => {
  // The same words whether a list starts the program or a shell is asked to: with sh (dash here), bash, and as a plugin.
  const scripts = tempDir();
  const notExecutable = join(scripts, 'not-executable.sh');
  writeFileSync(notExecutable, '#!/bin/sh\necho hi\n');
  chmodSync(notExecutable, 0o644);
  const badInterpreter = join(scripts, 'bad-interpreter.sh');
  writeFileSync(badInterpreter, '#!/no/such/interpreter\necho hi\n');
  chmodSync(badInterpreter, 0o755);

  const cases: { name: string; params: Record<string, unknown>; expected: string }[] = [
    { name: 'missing script, list', params: { command: ['./missing.sh'] }, expected: 'command not found: ./missing.sh' },
    { name: 'missing script, string (sh)', params: { command: './missing.sh --quiet' }, expected: 'command not found: ./missing.sh' },
    { name: 'missing script, string (bash)', params: { command: './missing.sh --quiet', shell: 'bash' }, expected: 'command not found: ./missing.sh' },
    { name: 'missing script, string (dash)', params: { command: './missing.sh', shell: '/usr/bin/dash' }, expected: 'command not found: ./missing.sh' },
    { name: 'missing program, list', params: { command: ['no-such-command-backstop', '--flag'] }, expected: 'command not found: no-such-command-backstop' },
    { name: 'missing program, string (sh)', params: { command: 'no-such-command-backstop --flag' }, expected: 'command not found: no-such-command-backstop' },
    { name: 'missing program, string (bash)', params: { command: 'no-such-command-backstop --flag', shell: 'bash' }, expected: 'command not found: no-such-command-backstop' },
    { name: 'missing script, nagios plugin', params: { command: './check_missing -w 1', format: 'nagios' }, expected: 'command not found: ./check_missing' },
    {
      name: 'a command missing inside a script, named with where',
      params: { command: [fixture('calls-missing.sh')] },
      expected: `command not found: no-such-tool-backstop (${fixture('calls-missing.sh')}: 3)`,
    },
    { name: 'not executable, list', params: { command: [notExecutable] }, expected: `command is not executable (permission denied): ${notExecutable}` },
    { name: 'not executable, string (sh)', params: { command: notExecutable }, expected: `command is not executable (permission denied): ${notExecutable}` },
    { name: 'not executable, string (bash)', params: { command: notExecutable, shell: 'bash' }, expected: `command is not executable (permission denied): ${notExecutable}` },
    { name: 'a script whose interpreter is missing', params: { command: [badInterpreter] }, expected: `interpreter not found: /no/such/interpreter (named on the first line of ${badInterpreter})` },
  ];
  it.each(cases)('$name', async ({ params, expected }) => {
    expect(await runCheck(processCheck, params, { configDir: scripts })).toEqual([{ level: 'ERROR', result: expected }]);
  });

  it('an exit code of 127 without a shell saying why is only an exit code', async () => {
    expect(await runCheck(processCheck, { command: 'echo "something else went wrong" >&2; exit 127' })).toEqual([
      { level: 'ERROR', result: 'exit code 127: something else went wrong' },
    ]);
  });
});

describe('process check, config', () => {
  const invalid: { name: string; params: Record<string, unknown> }[] = [
    { name: 'no command', params: {} },
    { name: 'empty command list', params: { command: [] } },
    { name: 'empty command string', params: { command: '' } },
    { name: 'unknown format', params: { command: 'true', format: 'icinga' } },
    { name: 'env value that is a list', params: { command: 'true', env: { A: ['x'] } } },
  ];
  it.each(invalid)('refuses $name', ({ params }) => {
    expect(processCheck.schema.safeParse(params).success).toBe(false);
  });

  it('fills in defaults', () => {
    expect(processCheck.schema.parse({ command: 'true' })).toEqual({ command: 'true', env: {}, format: 'backstop', debug: false });
  });
});
