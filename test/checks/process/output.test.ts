/**
 * The words for how a command ended, from the output shells actually print (each line below was
 * printed by that shell), and the tail of the output that error rows quote.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { captureStream, OutputTail, shellCouldNotRun, TAIL_CHARS } from '../../../main/checks/process/output.js';
import { isProtocolLine } from '../../../main/checks/process/protocol.js';

const ended = (exitCode: number | null, stderr: string, exitSignal: NodeJS.Signals | null = null) => ({
  exitCode,
  exitSignal,
  stderr: { text: stderr, bytes: stderr.length, truncated: false },
});

describe('shellCouldNotRun', () => {
  const cases: { name: string; code: number | null; stderr: string; shell?: string; expected: string | undefined }[] = [
    { name: 'dash', code: 127, stderr: 'sh: 1: ./missing.sh: not found\n', shell: '/bin/sh', expected: 'command not found: ./missing.sh' },
    { name: 'bash -c', code: 127, stderr: 'bash: line 1: check_foo: command not found\n', shell: 'bash', expected: 'command not found: check_foo' },
    { name: 'bash, a path', code: 127, stderr: 'bash: ./missing.sh: No such file or directory\n', shell: 'bash', expected: 'command not found: ./missing.sh' },
    { name: 'macOS /bin/sh', code: 127, stderr: 'sh: check_foo: command not found\n', shell: '/bin/sh', expected: 'command not found: check_foo' },
    { name: 'busybox sh', code: 127, stderr: 'sh: check_foo: not found\n', shell: 'sh', expected: 'command not found: check_foo' },
    { name: 'zsh', code: 127, stderr: 'zsh:1: command not found: check_foo\n', shell: 'zsh', expected: 'command not found: check_foo' },
    { name: 'zsh, a path', code: 127, stderr: 'zsh:1: no such file or directory: ./missing.sh\n', shell: 'zsh', expected: 'command not found: ./missing.sh' },
    { name: 'inside a script', code: 127, stderr: 'checking\n./check.sh: line 12: jq: command not found\n', expected: 'command not found: jq (./check.sh: line 12)' },
    { name: 'env in a #! line (GNU quotes)', code: 127, stderr: '/usr/bin/env: ‘python9’: No such file or directory\n', expected: 'command not found: python9' },
    { name: 'env in a #! line (macOS)', code: 127, stderr: 'env: python9: No such file or directory\n', expected: 'command not found: python9' },
    {
      name: 'cmd.exe',
      code: 9009,
      stderr: "'check-backups' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n",
      shell: 'C:\\Windows\\system32\\cmd.exe',
      expected: 'command not found: check-backups',
    },
    {
      name: 'PowerShell 7',
      code: 1,
      stderr:
        "check-backups: The term 'check-backups' is not recognized as a name of a cmdlet, function, script file, or executable program.\r\nCheck the spelling of the name, or if a path was included, verify that the path is correct and try again.\r\n",
      shell: 'pwsh',
      expected: 'command not found: check-backups',
    },
    {
      name: 'Windows PowerShell 5.1',
      code: 1,
      stderr: "check-backups : The term 'check-backups' is not recognized as the name of a cmdlet, function, script file, or operable program.\r\n",
      shell: 'powershell',
      expected: 'command not found: check-backups',
    },
    { name: 'not executable (dash)', code: 126, stderr: 'sh: 1: ./check.sh: Permission denied\n', shell: '/bin/sh', expected: 'command is not executable (permission denied): ./check.sh' },
    { name: 'not executable (bash)', code: 126, stderr: 'bash: ./check.sh: Permission denied\n', shell: 'bash', expected: 'command is not executable (permission denied): ./check.sh' },
    { name: 'exit 1 with a file the script could not find', code: 1, stderr: 'cat: /srv/backups/list: No such file or directory\n', expected: undefined },
    { name: 'exit 127 with other words', code: 127, stderr: 'something else went wrong\n', expected: undefined },
    { name: 'exit 0', code: 0, stderr: 'sh: 1: x: not found\n', expected: undefined },
  ];
  it.each(cases)('$name', ({ code, stderr, shell, expected }) => {
    expect(shellCouldNotRun(ended(code, stderr), shell)).toBe(expected);
  });

  it('a signal is never a missing command', () => {
    expect(shellCouldNotRun(ended(null, 'sh: 1: x: not found\n', 'SIGKILL'))).toBeUndefined();
  });
});

describe('OutputTail', () => {
  it('keeps whole lines of both streams in arrival order, leaving out protocol lines of stdout', () => {
    const tail = new OutputTail(TAIL_CHARS, isProtocolLine);
    tail.write('stdout', 'checking /srv\n[STATUS]^OK^fi');
    tail.write('stderr', 'rsync: ');
    tail.write('stdout', 'ne\n  [STATE]^LAST^3\n');
    tail.write('stderr', 'connection refused\n');
    tail.write('stderr', '[STATUS]^OK^on stderr is shown\n');
    tail.write('stdout', 'no newline at the end');
    expect(tail.text()).toBe('checking /srv\nrsync: connection refused\n[STATUS]^OK^on stderr is shown\nno newline at the end');
  });

  it('judges a huge line by its start, even when its middle is skipped', async () => {
    const stream = new PassThrough();
    const tail = new OutputTail(TAIL_CHARS, isProtocolLine);
    const captured = captureStream(stream, 'stdout', 1024, tail);
    const hugeStatus = `[STATUS]^OK^${'x'.repeat(3 * TAIL_CHARS)}\n`;
    const hugeOther = `${'y'.repeat(3 * TAIL_CHARS)}\n`;
    stream.write(Buffer.from(`first words\n${hugeStatus}`));
    stream.write(Buffer.from(`${hugeOther}${hugeStatus.slice(0, 10)}`));
    stream.end(Buffer.from(`${hugeStatus.slice(10)}last words\n`));
    await new Promise((resolve) => stream.on('end', resolve));
    const text = tail.text();
    expect(text).not.toContain('x');
    expect(text.endsWith(`${'y'.repeat(20)}\nlast words`)).toBe(true);
    expect(captured.result()).toMatchObject({ bytes: 12 + hugeStatus.length * 2 + hugeOther.length + 11, truncated: true });
  });
});
