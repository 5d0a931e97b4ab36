/**
 * Saved state reaches a script as environment variables, and never more of it than the
 * operating system accepts: what does not fit is left out (largest first) and named in a
 * WARNING, so a check can always start. Linux with real processes; Windows and macOS by
 * their limits.
 */
import { describe, expect, it } from 'vitest';
import { fitEnvironment } from '../../../main/checks/process/environment.js';
import processCheck from '../../../main/checks/process/index.js';
import { memoryState, runCheck } from '../../helpers/context.js';
import { recordingPlatform } from './support.js';

const text = (length: number, letter = 'x') => letter.repeat(length);

describe('fitEnvironment', () => {
  it('Windows: keeps the whole block within 32,767 characters, leaving out the largest saved values first', () => {
    const inherited = { Path: text(4000), USERPROFILE: 'C:\\Users\\me' };
    const state = { HUGE: text(20_000), LARGE: text(9_000), SMALL: '7' };
    const fitted = fitEnvironment({ inherited, state, configured: { MODE: 'full' }, own: { BACKSTOP_CHECK_ID: 'mark' } }, ['cmd.exe'], recordingPlatform('win32'));
    expect(Object.keys(fitted.env).sort()).toEqual(['BACKSTOP_CHECK_ID', 'LARGE', 'MODE', 'Path', 'SMALL', 'USERPROFILE']);
    expect(fitted.leftOut).toEqual({ names: [{ name: 'HUGE', size: 20_006 }], reason: 'the environment would pass the 32,767 characters Windows allows for the whole environment' });
  });

  it('Linux: one variable at most 128 KiB (131 KB), whatever room is left', () => {
    const fitted = fitEnvironment({ inherited: {}, state: { BIG: text(200_000), FINE: text(4000) }, configured: {}, own: {} }, ['/bin/sh'], recordingPlatform('linux'));
    expect(fitted.env).toEqual({ FINE: text(4000) });
    expect(fitted.leftOut).toEqual({ names: [{ name: 'BIG', size: 200_005 }], reason: 'over the 131 KB one environment variable may hold on Linux' });
  });

  it('macOS: arguments and environment together within ARG_MAX', () => {
    const state = Object.fromEntries(Array.from({ length: 12 }, (_, index) => [`VALUE_${index}`, text(100_000 + index)]));
    const platform = recordingPlatform('darwin', { argMaxBytes: () => 1024 * 1024 });
    const fitted = fitEnvironment({ inherited: { HOME: '/Users/me' }, state, configured: {}, own: {} }, ['/bin/sh', '-c', text(20_000)], platform);
    // Ten of 100 KB fit beside 20 KB of command in 1 MiB (less a margin); the two largest do not.
    expect(fitted.leftOut!.names.map((entry) => entry.name)).toEqual(['VALUE_11', 'VALUE_10']);
    expect(fitted.leftOut!.reason).toBe('the environment would pass the 1 MB macOS allows for arguments and environment together');
    expect(Object.keys(fitted.env)).toHaveLength(11);
  });

  it('never leaves out what the config or Backstop set, and state the config overrides costs nothing', () => {
    const platform = recordingPlatform('win32');
    const fitted = fitEnvironment({ inherited: {}, state: { TOKEN: text(40_000), KEEP: '1' }, configured: { TOKEN: 'from config' }, own: { BACKSTOP_CHECK_ID: 'm' } }, [], platform);
    expect(fitted).toEqual({ env: { KEEP: '1', TOKEN: 'from config', BACKSTOP_CHECK_ID: 'm' }, leftOut: undefined });
  });

  it('skips saved names the OS refuses, without a word (they come from older versions)', () => {
    const fitted = fitEnvironment({ inherited: {}, state: { 'A=B': 'x', NUL: 'a\0b', OK: 'yes' }, configured: {}, own: {} }, [], recordingPlatform('linux'));
    expect(fitted).toEqual({ env: { OK: 'yes' }, leftOut: undefined });
  });
});

describe.runIf(process.platform === 'linux')('process check, saved state too large for the environment (Linux, real processes)', () => {
  const countVariables = `echo "[STATUS]^OK^\${#BIG} \${SMALL}"`;

  it("Backstop's environment is read once for checks that run together, and afresh once none runs", async () => {
    const env: Record<string, string | undefined> = { PATH: process.env.PATH, PHASE: 'first', UNSET: undefined };
    const phase = { command: 'echo "[STATUS]^OK^$PHASE ${UNSET-unset}"' };
    // Started together: the second reads the copy the first made, even though the object changed meanwhile.
    const together = [runCheck(processCheck, phase, { env })];
    env.PHASE = 'changed while the first ran';
    together.push(runCheck(processCheck, phase, { env }));
    expect(await Promise.all(together)).toEqual([[{ level: 'OK', result: 'first unset' }], [{ level: 'OK', result: 'first unset' }]]);
    // None running: the next check reads the environment as it is now.
    expect(await runCheck(processCheck, phase, { env })).toEqual([{ level: 'OK', result: 'changed while the first ran unset' }]);
  });

  it('a 200 KB saved value no longer stops the check from starting: it is left out and named', async () => {
    const state = memoryState({ BIG: text(200_000), SMALL: 'still here' });
    expect(await runCheck(processCheck, { command: countVariables, shell: 'bash' }, { state })).toEqual([
      { level: 'OK', result: '0 still here' },
      { level: 'WARNING', result: 'saved [STATE] not passed to the script: BIG (200 KB): over the 131 KB one environment variable may hold on Linux; keep saved values small' },
    ]);
  });

  it('saved values that together pass ARG_MAX: the largest are left out until the rest fit', async () => {
    const values = Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`V${String(index).padStart(2, '0')}`, text(100_000 + index)]));
    const statuses = await runCheck(processCheck, { command: 'env | grep -c "^V[0-9]"' }, { state: memoryState(values), env: { PATH: process.env.PATH } });
    const [ran, warning] = statuses;
    // 2 MiB holds 20 of them (less a margin); the 10 largest are named.
    expect(ran).toEqual({ level: 'OK', result: expect.stringMatching(/^exit 0 in/) });
    expect(warning!.level).toBe('WARNING');
    expect(warning!.result).toMatch(/^saved \[STATE\] not passed to the script: V29 \(100 KB\), V28 .*, V20 \(100 KB\): the environment would pass the 2 MB Linux allows/);
  });

  it('an environment the config itself makes too large fails to start naming the variable and the limit', async () => {
    expect(await runCheck(processCheck, { command: ['true'], env: { CERTIFICATE_BUNDLE: text(200_000) } }, { env: { PATH: process.env.PATH } })).toEqual([
      {
        level: 'ERROR',
        result:
          'arguments and environment are too long to start true: `CERTIFICATE_BUNDLE` is 200 KB, over the 131 KB one environment variable may hold on Linux: shorten it, or pass it in a file',
      },
    ]);
  });

  it('a command string over the limit for one argument says so', async () => {
    expect(await runCheck(processCheck, { command: `echo ${text(140_000)}` }, { env: { PATH: process.env.PATH } })).toEqual([
      {
        level: 'ERROR',
        result: 'arguments and environment are too long to start /bin/sh: an argument is 140 KB, over the 131 KB one argument may hold on Linux: shorten the command, or pass the text in a file',
      },
    ]);
  });
});
