/**
 * A process resource as the config file writes it: the mistakes YAML and `${NAME}` make easy,
 * caught at load with the fix.
 */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../main/engine/config.js';

async function load(resource: string, env: Record<string, string> = {}) {
  const config = await parseConfig(`resources:\n  - name: backups\n    type: process\n    link: https://example.test\n${resource}`, '/etc/backstop/backstop.yaml', env);
  return { resource: config.resources[0]!, errors: config.issues.filter((issue) => issue.severity === 'error') };
}

describe('process resource in the config', () => {
  it('a `${NAME}` in a command string that the resource’s own env sets: write $${NAME}', async () => {
    const { resource, errors } = await load('    command: ./check.sh --token ${TOKEN} --dir ${BACKUP_DIR}\n    env:\n      TOKEN: abc\n', { BACKUP_DIR: '/srv' });
    expect(resource.ok).toBe(false);
    expect(errors).toEqual([
      {
        severity: 'error',
        path: 'resources[0].command',
        message:
          'resource `backups` (process): `command` uses `${TOKEN}`, which Backstop replaces from its own environment when the config loads, but `TOKEN` is set in this resource\'s `env`: write `$${TOKEN}` so the shell reads it from `env` when the command runs',
      },
    ]);
  });

  it('says so beside the other variables that are not set, and only once for its own', async () => {
    const { errors } = await load('    command: ./check.sh ${TOKEN} ${UNSET_ELSEWHERE}\n    cwd: ${NO_SUCH_DIR}\n    env:\n      TOKEN: abc\n');
    expect(errors.map((error) => [error.path, error.message])).toEqual([
      ['resources[0].command', expect.stringContaining('`command` uses `${TOKEN}`')],
      ['resources[0].command', expect.stringContaining('environment variable `UNSET_ELSEWHERE` is not set')],
      ['resources[0].cwd', expect.stringContaining('environment variable `NO_SUCH_DIR` is not set')],
    ]);
  });

  it('says the same when Backstop’s environment has the name too, instead of using that value silently', async () => {
    const { errors } = await load('    command: echo ${TOKEN}\n    env:\n      TOKEN: from-env\n', { TOKEN: 'from-backstop' });
    expect(errors.map((error) => error.path)).toEqual(['resources[0].command']);
  });

  it('words the fix for the shell that runs the command', async () => {
    const cmd = (await load('    command: check.cmd ${TOKEN}\n    shell: cmd\n    env:\n      TOKEN: abc\n')).errors[0]!.message;
    const pwsh = (await load('    command: ./check.ps1 ${TOKEN}\n    shell: pwsh\n    env:\n      TOKEN: abc\n')).errors[0]!.message;
    expect(cmd).toMatch(/: write `%TOKEN%` so the shell reads it from `env` when the command runs$/);
    expect(pwsh).toMatch(/: write `\$env:TOKEN` so the shell reads it from `env` when the command runs$/);
  });

  it('in a command list, names the entry and says nothing expands it', async () => {
    const { errors } = await load('    command: [curl, -H, "Authorization: Bearer ${TOKEN}"]\n    env:\n      TOKEN: abc\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe('resources[0].command[2]');
    expect(errors[0]!.message).toMatch(/`command\[2\]` uses `\$\{TOKEN\}`.*: write `\$\$\{TOKEN\}` to pass the text `\$\{TOKEN\}` on for the program to expand \(a list runs without a shell\), or write the value itself$/);
  });

  it('$${NAME} and names the env does not set are left to substitution as usual', async () => {
    const { resource, errors } = await load('    command: ./check.sh $${TOKEN} ${HOME_DIR}\n    env:\n      TOKEN: abc\n', { HOME_DIR: '/home/me' });
    expect(errors).toEqual([]);
    expect(resource.ok && resource.params).toMatchObject({ command: './check.sh ${TOKEN} /home/me' });
  });

  it('numbers and true/false in a command list are passed as the text YAML read', async () => {
    const { resource, errors } = await load('    command: [check_disk, -w, 20, -c, 10, --ratio, 0.5, --verbose, true]\n');
    expect(errors).toEqual([]);
    expect(resource.ok && resource.params).toMatchObject({ command: ['check_disk', '-w', '20', '-c', '10', '--ratio', '0.5', '--verbose', 'true'] });
  });

  it('a number or true/false in a command list or `env` keeps the text as written, not the value YAML reads', async () => {
    const { resource, errors } = await load('    command: [check_version, --min, 1.10, --mask, 0x1F, --mode, 007, --limit, 1e3, --half, .5, --big, 12345678901234567890, --flag, True]\n    env:\n      VERSION: 1.10\n      PORT: 08080\n      DEBUG: TRUE\n');
    expect(errors).toEqual([]);
    expect(resource.ok && resource.params).toMatchObject({
      command: ['check_version', '--min', '1.10', '--mask', '0x1F', '--mode', '007', '--limit', '1e3', '--half', '.5', '--big', '12345678901234567890', '--flag', 'True'],
      env: { VERSION: '1.10', PORT: '08080', DEBUG: 'TRUE' },
    });
  });

  it('numbers elsewhere stay numbers (a module\'s own `params.command` too)', async () => {
    const config = await parseConfig('resources:\n  - name: q\n    type: module\n    path: q.mjs\n    link: https://example.test\n    timeout: 30s\n    params: { command: [1.50], env: { A: 1.10 } }\n', '/etc/backstop/backstop.yaml', {});
    expect(config.resources[0]).toMatchObject({ params: { params: { command: [1.5], env: { A: 1.1 } } } });
  });

  it('anything else in a command list is named exactly', async () => {
    const { errors } = await load('    command: [check_disk, -w, ~, -c, 10]\n');
    expect(errors.map((error) => error.message)).toEqual(['resource `backups` (process): `command` must hold only text, got null at `command[2]`: quote it, or remove it']);
  });

  it('a shell that is not one refuses with the fix', async () => {
    const { errors } = await load('    command: print(1)\n    shell: python3\n');
    expect(errors.map((error) => error.message)).toEqual([
      'resource `backups` (process): `shell` must be one of sh, bash, dash, zsh, ksh, fish, cmd, powershell, pwsh (a name, or a path to one), got "python3": to run another program, write `command` as a list like ["python3", -c, "…"]',
    ]);
  });

  it('the process pool is sized from the machine: twice its CPUs, 8 to 32, unless the config says', async () => {
    const sized = (await parseConfig('resources: []\n', '/etc/backstop/backstop.yaml', {})).settings.concurrency.process;
    expect(sized).toBe(Math.min(32, Math.max(8, 2 * availableParallelism())));
    expect((await parseConfig('concurrency: { process: 3 }\nresources: []\n', '/etc/backstop/backstop.yaml', {})).settings.concurrency.process).toBe(3);
  });
});
