/**
 * The Backstop line protocol (`format: backstop`, the default), through real shell scripts:
 * what existing scripts print must keep producing exactly the rows it always did.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import processCheck from '../../../main/checks/process/index.js';
import type { CheckStatus } from '../../../main/checks/types.js';
import { memoryState, runCheck } from '../../helpers/context.js';
import { fixture, fixturesDir, tempDir } from './support.js';

const UNKNOWN = 'expected OK, WARNING or ERROR';
const longOutput = Array.from({ length: 2000 }, (_, index) => index + 1).join('\n');

const silentSuccess: CheckStatus = { level: 'OK', result: expect.stringMatching(/^exit 0 in \d+ ms$/) as unknown as string };

const scenarios: { name: string; command: string; expected: CheckStatus[] }[] = [
  // Exit 0: the [STATUS] lines are the report.
  { name: 'exit 0 without [STATUS] lines is one OK saying so', command: 'echo just chatting', expected: [silentSuccess] },
  { name: 'exit 0 without any output', command: 'true', expected: [silentSuccess] },
  {
    name: 'all five fields',
    command: `echo '[STATUS]^WARNING^disk 91% (warn > 90%)^disk /^https://grafana.example/d/disk'`,
    expected: [{ level: 'WARNING', result: 'disk 91% (warn > 90%)', metric: 'disk /', link: 'https://grafana.example/d/disk' }],
  },
  { name: 'level only', command: `echo '[STATUS]^OK'`, expected: [{ level: 'OK', result: '' }] },
  { name: 'link missing', command: `echo '[STATUS]^ERROR^replica lag 300s^db-2'`, expected: [{ level: 'ERROR', result: 'replica lag 300s', metric: 'db-2' }] },
  { name: 'every field after LEVEL empty', command: `echo '[STATUS]^OK^^^'`, expected: [{ level: 'OK', result: '' }] },
  { name: 'empty metric with a link', command: `echo '[STATUS]^OK^fine^^https://x.example'`, expected: [{ level: 'OK', result: 'fine', link: 'https://x.example' }] },
  { name: 'empty link means the resource link', command: `echo '[STATUS]^OK^fine^m^'`, expected: [{ level: 'OK', result: 'fine', metric: 'm' }] },
  { name: 'fields are trimmed', command: `echo '[STATUS]^ OK ^  spaced out  ^ m ^  '`, expected: [{ level: 'OK', result: 'spaced out', metric: 'm' }] },
  { name: 'level is case-insensitive', command: `echo '[STATUS]^warning^slow'`, expected: [{ level: 'WARNING', result: 'slow' }] },
  {
    name: 'unknown level is an ERROR that keeps the result and names the level',
    command: `echo '[STATUS]^CRIT^disk full^disk /'`,
    expected: [{ level: 'ERROR', result: `disk full (unknown level "CRIT"; ${UNKNOWN})`, metric: 'disk /' }],
  },
  { name: 'unknown level without a result', command: `echo '[STATUS]^FINE'`, expected: [{ level: 'ERROR', result: `unknown level "FINE"; ${UNKNOWN}` }] },
  { name: 'no level at all', command: `echo '[STATUS]'`, expected: [{ level: 'ERROR', result: `missing level; ${UNKNOWN}` }] },
  { name: 'empty level', command: `echo '[STATUS]^^text'`, expected: [{ level: 'ERROR', result: `text (missing level; ${UNKNOWN})` }] },
  {
    name: 'fields past LINK are ignored',
    command: `echo '[STATUS]^OK^a^b^https://l.example^extra^more'`,
    expected: [{ level: 'OK', result: 'a', metric: 'b', link: 'https://l.example' }],
  },
  {
    name: 'CRLF line endings',
    command: `printf '[STATUS]^OK^fine^m^https://l.example\\r\\n[STATUS]^ERROR^bad\\r\\n[STATUS]^WARNING\\r\\n'`,
    expected: [
      { level: 'OK', result: 'fine', metric: 'm', link: 'https://l.example' },
      { level: 'ERROR', result: 'bad' },
      { level: 'WARNING', result: '' },
    ],
  },
  {
    name: 'junk between lines is ignored, order is kept',
    command: [
      'echo starting up',
      `echo '[STATUS]^OK^one^a'`,
      `echo 'junk ^ with ^ carets'`,
      `echo '[STATUSX]^ERROR^not a status line'`,
      `echo 'STATUS^ERROR^no brackets'`,
      `echo 'prefix [STATUS]^ERROR^not at the start'`,
      'echo',
      `echo '[STATUS]^ERROR^two^b'`,
    ].join('; '),
    expected: [
      { level: 'OK', result: 'one', metric: 'a' },
      { level: 'ERROR', result: 'two', metric: 'b' },
    ],
  },
  { name: 'leading whitespace before the tag', command: `echo '   [STATUS]^OK^indented'`, expected: [{ level: 'OK', result: 'indented' }] },
  { name: 'last line without a newline', command: `printf '[STATUS]^OK^no newline'`, expected: [{ level: 'OK', result: 'no newline' }] },
  {
    name: '[STATUS] lines on stderr are not read',
    command: `echo '[STATUS]^ERROR^on stderr' >&2; echo '[STATUS]^OK^on stdout'`,
    expected: [{ level: 'OK', result: 'on stdout' }],
  },
  {
    name: 'stderr noise with exit 0 changes nothing',
    command: `echo 'deprecation warning' >&2; echo '[STATUS]^OK^fine'`,
    expected: [{ level: 'OK', result: 'fine' }],
  },

  // Any other exit: one ERROR with the exit code and the output; [STATUS] lines are ignored.
  {
    name: 'exit 1 ignores [STATUS] lines and shows the rest of stdout and stderr in order',
    command: `echo 'checking /srv'; echo '[STATUS]^OK^ignored'; echo 'backup failed: disk full' >&2; echo '[STATE]^LAST^1'; exit 1`,
    expected: [{ level: 'ERROR', result: 'exit code 1: checking /srv\nbackup failed: disk full' }],
  },
  {
    name: 'exit 1 with only [STATUS] lines says they were ignored',
    command: `echo '[STATUS]^ERROR^database down'; exit 1`,
    expected: [{ level: 'ERROR', result: 'exit code 1; its [STATUS] lines are ignored when the exit code is not 0' }],
  },
  {
    name: 'a flood of [STATUS] lines does not push the last words out',
    command: `echo 'rsync: connection refused' >&2; seq 1 5000 | sed 's/^/[STATUS]^OK^line /'; exit 12`,
    expected: [{ level: 'ERROR', result: 'exit code 12: rsync: connection refused' }],
  },
  { name: 'exit 2', command: 'echo two; exit 2', expected: [{ level: 'ERROR', result: 'exit code 2: two' }] },
  { name: 'exit 3', command: 'echo three; exit 3', expected: [{ level: 'ERROR', result: 'exit code 3: three' }] },
  { name: 'exit 3 without output', command: 'exit 3', expected: [{ level: 'ERROR', result: 'exit code 3' }] },
  { name: 'exit 4', command: `echo '  padded  '; exit 4`, expected: [{ level: 'ERROR', result: 'exit code 4: padded' }] },
  { name: 'exit 126', command: 'exit 126', expected: [{ level: 'ERROR', result: 'exit code 126' }] },
  { name: 'exit 127', command: 'echo gone >&2; exit 127', expected: [{ level: 'ERROR', result: 'exit code 127: gone' }] },
  { name: 'exit 255', command: 'exit 255', expected: [{ level: 'ERROR', result: 'exit code 255' }] },
  { name: 'exit 256 wraps to 0, as in every shell', command: `echo '[STATUS]^OK^wrapped'; exit 256`, expected: [{ level: 'OK', result: 'wrapped' }] },
  { name: 'killed by a signal', command: 'echo before; kill -KILL $$', expected: [{ level: 'ERROR', result: 'killed by signal SIGKILL: before' }] },
  { name: 'killed by SIGTERM without output', command: 'kill -TERM $$', expected: [{ level: 'ERROR', result: 'killed by signal SIGTERM' }] },
  {
    name: 'long output keeps its last 500 characters',
    command: 'seq 1 2000; exit 5',
    expected: [{ level: 'ERROR', result: `exit code 5: …${longOutput.slice(-500).trimStart()}` }],
  },
];

describe('process check, backstop format', () => {
  it.each(scenarios)('$name', async ({ command, expected }) => {
    expect(await runCheck(processCheck, { command })).toEqual(expected);
  });

  it('exit 0 without [STATUS] lines says how long it took', async () => {
    expect(await runCheck(processCheck, { command: 'sleep 1.2' })).toEqual([{ level: 'OK', result: expect.stringMatching(/^exit 0 in 1\.[2-9] s$/) }]);
  });
});

describe('process check, [STATE]', () => {
  it('round-trips a counter across two runs through the environment', async () => {
    const state = memoryState();
    const command = [fixture('counter.sh')];

    expect(await runCheck(processCheck, { command }, { state })).toEqual([{ level: 'OK', result: 'run number 1', metric: 'runs' }]);
    expect(state.values).toEqual({ COUNT: '1' });

    expect(await runCheck(processCheck, { command }, { state })).toEqual([{ level: 'OK', result: 'run number 2', metric: 'runs' }]);
    expect(state.values).toEqual({ COUNT: '2' });
  });

  it('trims, keeps carets inside values, handles CRLF and ignores short or nameless lines', async () => {
    const state = memoryState({ KEPT: 'from before' });
    const lines = [
      '[STATE]^ SPACED ^  a value  ',
      '[STATE]^CARETS^x^y^z',
      '[STATE]^EMPTY^',
      '[STATE]^CRLF^windows\\r',
      '[STATE]^TOO_SHORT',
      '[STATE]^^nameless',
      '[STATE]^A=B^no equals signs in names',
      'STATE^NOT^a state line',
    ];
    await runCheck(processCheck, { command: `printf '${lines.join('\\n')}\\n'` }, { state });
    expect(state.values).toEqual({ KEPT: 'from before', SPACED: 'a value', CARETS: 'x^y^z', EMPTY: '', CRLF: 'windows' });
  });

  it('saves state even when the script then fails', async () => {
    const state = memoryState();
    const statuses = await runCheck(processCheck, { command: `echo '[STATE]^LAST^7'; exit 1` }, { state });
    expect(statuses).toEqual([{ level: 'ERROR', result: 'exit code 1' }]);
    expect(state.values).toEqual({ LAST: '7' });
  });

  it('gives the child process env, then saved state, then config env, the most specific winning', async () => {
    const statuses = await runCheck(
      processCheck,
      { command: `echo "[STATUS]^OK^$X $Y $Z $PORT"`, env: { X: 'config', PORT: 8080 } },
      { env: { PATH: process.env.PATH, X: 'process', Y: 'process', Z: 'process' }, state: memoryState({ X: 'state', Y: 'state' }) },
    );
    expect(statuses).toEqual([{ level: 'OK', result: 'config state process 8080' }]);
  });
});

describe('process check, README examples', () => {
  it('bash: warns about too few backup files', async () => {
    const backups = tempDir();
    writeFileSync(join(backups, 'monday.tar'), '');
    writeFileSync(join(backups, 'tuesday.tar'), '');
    const statuses = await runCheck(processCheck, { command: './readme-example.sh', env: { BACKUP_DIR: backups } }, { configDir: fixturesDir });
    expect(statuses).toEqual([{ level: 'WARNING', result: '2 backup files (warn < 3)', metric: 'backup files' }]);
  });

  it('python: compares with the total it saved last run', async () => {
    const state = memoryState();
    const params = { command: ['python3', 'readme-example.py'], env: { QUEUE_LENGTH: '253' } };
    expect(await runCheck(processCheck, params, { configDir: fixturesDir, state })).toEqual([
      { level: 'OK', result: '253 waiting, +0 since last run (warn > +100)', metric: 'queue' },
    ]);
    state.set('PREVIOUS_TOTAL', '100');
    expect(await runCheck(processCheck, params, { configDir: fixturesDir, state })).toEqual([
      { level: 'WARNING', result: '253 waiting, +153 since last run (warn > +100)', metric: 'queue' },
    ]);
    expect(state.values).toEqual({ PREVIOUS_TOTAL: '253' });
  });
});
