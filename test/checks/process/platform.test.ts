/**
 * What a process check asks of each operating system: the program and arguments it starts,
 * the spawn options, and how it ends a command and what it started. Windows and macOS cannot
 * run here, so their paths run against a recording platform (no process is started); Linux's
 * own behaviour is proven with real processes in the other files.
 */
import { afterEach, describe, expect, it } from 'vitest';
import processCheck from '../../../main/checks/process/index.js';
import { invocation, shellKind, useProcessPlatform, type ProcessPlatform } from '../../../main/checks/process/platform.js';
import { CHECK_MARK } from '../../../main/checks/process/survivors.js';
import { runCheck } from '../../helpers/context.js';
import { recordingPlatform, waitForCalls } from './support.js';

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

/** Uses `platform` until the test ends, when the host's comes back (however many a test used). */
function use(platform: ProcessPlatform): void {
  const undo = useProcessPlatform(platform);
  restore ??= undo;
}

const windowsEnv = { ComSpec: 'C:\\Windows\\system32\\cmd.exe', Path: 'C:\\Windows\\system32', SystemRoot: 'C:\\Windows' };

describe('Windows', () => {
  it('runs a command string with cmd.exe from %ComSpec%, hidden and attached (no console window), its arguments verbatim', async () => {
    const platform = recordingPlatform('win32');
    use(platform);
    const check = runCheck(processCheck, { command: 'check-backups.cmd --quiet' }, { env: windowsEnv, configDir: 'C:\\backstop' });
    await waitForCalls(platform.spawns, 1);
    const [call] = platform.spawns;
    call!.child.exit(0, null, '[STATUS]^OK^3 backups\r\n');
    expect(await check).toEqual([{ level: 'OK', result: '3 backups' }]);

    expect(call!.file).toBe('C:\\Windows\\system32\\cmd.exe');
    expect(call!.args).toEqual(['/d', '/s', '/c', '"check-backups.cmd --quiet"']);
    const { env, ...options } = call!.options;
    expect(options).toEqual({ cwd: expect.stringContaining('backstop'), stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, windowsVerbatimArguments: true });
    expect(env).toMatchObject({ ...windowsEnv, [CHECK_MARK]: expect.any(String) });
    expect(platform.signals).toEqual([]); // nothing was left to end, and no group to signal
  });

  it.each([
    ['powershell', 'powershell'],
    ['pwsh', 'pwsh'],
    ['C:\\Program Files\\PowerShell\\7\\pwsh.exe', 'C:\\Program Files\\PowerShell\\7\\pwsh.exe'],
  ])('runs a command string with shell %s without profile or prompts, past the execution policy', async (shell, file) => {
    const platform = recordingPlatform('win32');
    use(platform);
    const check = runCheck(processCheck, { command: 'Get-Date; .\\check.ps1', shell }, { env: windowsEnv });
    await waitForCalls(platform.spawns, 1);
    platform.spawns[0]!.child.exit(0);
    await check;
    expect(platform.spawns[0]).toMatchObject({
      file,
      args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', 'Get-Date; .\\check.ps1'],
    });
    expect(platform.spawns[0]!.options).not.toHaveProperty('windowsVerbatimArguments');
  });

  it('runs a command list directly, hidden, with Node quoting its arguments', async () => {
    const platform = recordingPlatform('win32');
    use(platform);
    const check = runCheck(processCheck, { command: ['C:\\tools\\check_disk.exe', '-w', 20, '-p', 'C:\\My Files'] }, { env: windowsEnv });
    await waitForCalls(platform.spawns, 1);
    platform.spawns[0]!.child.exit(0, null, '[STATUS]^OK^fine\n');
    await check;
    const { env: _env, ...options } = platform.spawns[0]!.options;
    expect(platform.spawns[0]).toMatchObject({ file: 'C:\\tools\\check_disk.exe', args: ['-w', '20', '-p', 'C:\\My Files'] });
    expect(options).toEqual({ cwd: expect.any(String), stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  });

  it('ends the whole tree with taskkill /T /F on timeout, once, and words it as a tree', async () => {
    const platform = recordingPlatform('win32');
    use(platform);
    const controller = new AbortController();
    const check = runCheck(processCheck, { command: 'ping -n 100 127.0.0.1' }, { env: windowsEnv, signal: controller.signal, timeoutMs: 120_000 });
    await waitForCalls(platform.spawns, 1);
    const command = platform.spawns[0]!;
    controller.abort(new DOMException('timed out', 'TimeoutError'));

    await waitForCalls(platform.spawns, 2);
    const taskkill = platform.spawns[1]!;
    expect([taskkill.file, ...taskkill.args]).toEqual(['taskkill', '/T', '/F', '/PID', String(command.child.pid)]);
    expect(taskkill.options).toEqual({ stdio: 'ignore', windowsHide: true });

    command.child.exit(1);
    expect(await check).toEqual([{ level: 'ERROR', result: 'did not finish within 2m; process tree killed' }]);
    // The pid is free for another program once the command has exited: it is never signalled again.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(platform.spawns).toHaveLength(2);
    expect(platform.signals).toEqual([]);
  });

  it('the runner words a timeout as a tree killed, too', () => {
    use(recordingPlatform('win32'));
    expect(processCheck.timeoutMessage!(120_000)).toBe('did not finish within 2m; process tree killed');
    use(recordingPlatform('darwin'));
    expect(processCheck.timeoutMessage!(120_000)).toBe('did not finish within 2m; process group killed');
  });

  it('ends the tree with taskkill /T /F when the run is cancelled', async () => {
    const platform = recordingPlatform('win32');
    use(platform);
    const controller = new AbortController();
    const check = runCheck(processCheck, { command: ['C:\\tools\\slow.exe'] }, { env: windowsEnv, signal: controller.signal });
    await waitForCalls(platform.spawns, 1);
    controller.abort(new Error('run cancelled'));
    await waitForCalls(platform.spawns, 2);
    expect([platform.spawns[1]!.file, ...platform.spawns[1]!.args]).toEqual(['taskkill', '/T', '/F', '/PID', String(platform.spawns[0]!.child.pid)]);
    platform.spawns[0]!.child.exit(1);
    expect(await check).toEqual([{ level: 'ERROR', result: 'stopped early (run cancelled); process tree killed' }]);
  });

  it('says how to run a batch file, which Windows starts only through cmd.exe', async () => {
    const platform = recordingPlatform('win32', {
      spawn: () => {
        throw Object.assign(new Error('spawn EINVAL'), { code: 'EINVAL' });
      },
    });
    use(platform);
    expect(await runCheck(processCheck, { command: ['scripts\\check.cmd', '--quiet'] }, { env: windowsEnv, configDir: process.cwd() })).toEqual([
      { level: 'ERROR', result: 'scripts\\check.cmd is a batch file, which Windows runs only through cmd.exe: write `command` as a string, like "scripts\\check.cmd"' },
    ]);
  });
});

describe('macOS and Linux', () => {
  it.each(['darwin', 'linux'] as const)('%s: a string runs in /bin/sh -c, the command leading its own process group', async (os) => {
    const platform = recordingPlatform(os);
    use(platform);
    const check = runCheck(processCheck, { command: 'echo "[STATUS]^OK^hi"' });
    await waitForCalls(platform.spawns, 1);
    const [call] = platform.spawns;
    call!.child.exit(0, null, '[STATUS]^OK^hi\n');
    expect(await check).toEqual([{ level: 'OK', result: 'hi' }]);
    expect([call!.file, ...call!.args]).toEqual(['/bin/sh', '-c', 'echo "[STATUS]^OK^hi"']);
    const { env: _env, ...options } = call!.options;
    expect(options).toEqual({ cwd: expect.any(String), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    // What was left in the group is killed when the command ends.
    expect(platform.signals).toEqual([[-call!.child.pid, 'SIGKILL']]);
  });

  it('darwin: SIGTERM to the group on timeout, SIGKILL half a second later', async () => {
    const platform = recordingPlatform('darwin');
    use(platform);
    const controller = new AbortController();
    const check = runCheck(processCheck, { command: 'sleep 100' }, { signal: controller.signal, timeoutMs: 5000 });
    await waitForCalls(platform.spawns, 1);
    const group = -platform.spawns[0]!.child.pid;
    controller.abort(new DOMException('timed out', 'TimeoutError'));
    await waitForCalls(platform.signals, 2);
    expect(platform.signals).toEqual([
      [group, 'SIGTERM'],
      [group, 'SIGKILL'],
    ]);
    platform.spawns[0]!.child.exit(null, 'SIGKILL');
    expect(await check).toEqual([{ level: 'ERROR', result: 'did not finish within 5s; process group killed' }]);
  });

  it('pwsh on Linux or macOS has no execution policy to pass', () => {
    const platform = recordingPlatform('linux');
    expect(invocation('Get-Date', 'pwsh', platform, {})).toEqual({
      file: 'pwsh',
      args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', 'Get-Date'],
      fileRole: 'shell',
      env: {},
      verbatim: false,
    });
  });
});

describe('`node` in a command list', () => {
  it('is the Node.js that runs Backstop, with what it needs in its environment', async () => {
    const platform = recordingPlatform('darwin', { node: { file: '/Applications/Backstop.app/Contents/MacOS/Backstop', env: { ELECTRON_RUN_AS_NODE: '1' } } });
    use(platform);
    const check = runCheck(processCheck, { command: ['node', 'scripts/water-tank.mjs', '--verbose'] });
    await waitForCalls(platform.spawns, 1);
    platform.spawns[0]!.child.exit(0);
    await check;
    expect(platform.spawns[0]).toMatchObject({ file: '/Applications/Backstop.app/Contents/MacOS/Backstop', args: ['scripts/water-tank.mjs', '--verbose'] });
    expect(platform.spawns[0]!.options.env).toMatchObject({ ELECTRON_RUN_AS_NODE: '1' });
  });

  it('is looked up on PATH where Backstop has no Node.js of its own to offer', () => {
    expect(invocation(['node', 'check.mjs'], undefined, recordingPlatform('win32', { node: undefined }), {})).toMatchObject({ file: 'node', args: ['check.mjs'] });
  });

  it('is the CLI’s own node binary on the host, even with no node on PATH', async () => {
    const command = ['node', '-e', 'console.log("[STATUS]^OK^" + process.execPath)'];
    expect(await runCheck(processCheck, { command }, { env: { PATH: '/nonexistent' } })).toEqual([{ level: 'OK', result: process.execPath }]);
  });
});

describe('`shell`', () => {
  it.each([
    ['sh', 'posix'],
    ['/bin/bash', 'posix'],
    ['zsh', 'posix'],
    ['cmd', 'cmd'],
    ['C:\\Windows\\System32\\cmd.exe', 'cmd'],
    ['powershell.exe', 'powershell'],
    ['pwsh', 'powershell'],
    ['tcsh', undefined],
    ['python3', undefined],
  ])('%s is %s', (shell, kind) => {
    expect(shellKind(shell)).toBe(kind);
  });

  it('refuses a program that is not a shell, worded as the fix', () => {
    const result = processCheck.schema.safeParse({ command: 'print(1)', shell: 'python3' });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toBe(
      'must be one of sh, bash, dash, zsh, ksh, fish, cmd, powershell, pwsh (a name, or a path to one), got "python3": to run another program, write `command` as a list like ["python3", -c, "…"]',
    );
  });
});
