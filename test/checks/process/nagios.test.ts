/**
 * The Nagios plugin convention (`format: nagios`): exit codes through real processes,
 * then the performance data parser on its own.
 */
import { describe, expect, it } from 'vitest';
import processCheck from '../../../main/checks/process/index.js';
import { parsePerfData, splitPluginOutput } from '../../../main/checks/process/nagios.js';
import type { CheckStatus } from '../../../main/checks/types.js';
import type { PerfDatum } from '../../../shared/types.js';
import { runCheck } from '../../helpers/context.js';

const DISK = 'DISK OK - free space: / 3326 MB (56%);';
const DISK_PERF: PerfDatum[] = [{ label: '/', value: 2643, uom: 'MB', warn: '5948', crit: '5958', min: 0, max: 5968 }];
/** A plugin printing the disk line with its perfdata, then exiting with `code`. */
const disk = (code: number) => `echo '${DISK} | /=2643MB;5948;5958;0;5968'; exit ${code}`;

const scenarios: { name: string; command: string; expected: CheckStatus }[] = [
  { name: 'exit 0 is OK', command: disk(0), expected: { level: 'OK', result: DISK, perfData: DISK_PERF } },
  { name: 'exit 1 is WARNING', command: disk(1), expected: { level: 'WARNING', result: DISK, perfData: DISK_PERF } },
  { name: 'exit 2 (CRITICAL) is ERROR', command: disk(2), expected: { level: 'ERROR', result: DISK, perfData: DISK_PERF } },
  { name: 'exit 3 (UNKNOWN) is ERROR', command: disk(3), expected: { level: 'ERROR', result: DISK, perfData: DISK_PERF } },
  { name: 'exit 4 is ERROR naming the code', command: disk(4), expected: { level: 'ERROR', result: `exit code 4: ${DISK}`, perfData: DISK_PERF } },
  { name: 'exit 127 is ERROR naming the code', command: 'echo not here; exit 127', expected: { level: 'ERROR', result: 'exit code 127: not here' } },
  { name: 'exit 255 is ERROR naming the code', command: 'exit 255', expected: { level: 'ERROR', result: 'exit code 255' } },
  { name: 'a signal is ERROR naming it', command: 'echo started; kill -KILL $$', expected: { level: 'ERROR', result: 'killed by signal SIGKILL: started' } },
  { name: 'exit 0 without output says so', command: 'true', expected: { level: 'OK', result: 'exit code 0 (OK), no output' } },
  { name: 'exit 1 without output says so', command: 'exit 1', expected: { level: 'WARNING', result: 'exit code 1 (WARNING), no output' } },
  { name: 'exit 2 without output says so', command: 'exit 2', expected: { level: 'ERROR', result: 'exit code 2 (CRITICAL), no output' } },
  { name: 'exit 3 without output says so', command: 'exit 3', expected: { level: 'ERROR', result: 'exit code 3 (UNKNOWN), no output' } },
  { name: 'only a perfdata bar is no output either', command: "echo ' | load=0.5'", expected: { level: 'OK', result: 'exit code 0 (OK), no output', perfData: [{ label: 'load', value: 0.5 }] } },
  {
    name: 'only stderr: the result is stderr',
    command: `echo 'check_foo: could not parse arguments' >&2; exit 3`,
    expected: { level: 'ERROR', result: 'check_foo: could not parse arguments' },
  },
  {
    name: 'only the first line is the result; long output is not',
    command: `printf 'HTTP OK - 200\\nlong line 1\\nlong line 2\\n'`,
    expected: { level: 'OK', result: 'HTTP OK - 200' },
  },
  {
    name: 'perfdata from the first line and from the long output after a |',
    command: `printf 'LOAD OK|load1=0.5;;;0\\ndetail one\\ndetail two | load5=0.7;;;0\\nload15=0.9;;;0\\n'`,
    expected: {
      level: 'OK',
      result: 'LOAD OK',
      perfData: [
        { label: 'load1', value: 0.5, min: 0 },
        { label: 'load5', value: 0.7, min: 0 },
        { label: 'load15', value: 0.9, min: 0 },
      ],
    },
  },
  { name: 'CRLF line endings', command: `printf 'PING OK | rta=1.2ms;100;500;0\\r\\n'`, expected: { level: 'OK', result: 'PING OK', perfData: [{ label: 'rta', value: 1.2, uom: 'ms', warn: '100', crit: '500', min: 0 }] } },
  { name: 'malformed perfdata is dropped, the result stays', command: `echo 'OK - fine | garbage =nope'`, expected: { level: 'OK', result: 'OK - fine' } },
  { name: '[STATUS] lines mean nothing to a plugin', command: `echo '[STATUS]^ERROR^ignored'`, expected: { level: 'OK', result: '[STATUS]^ERROR^ignored' } },
];

describe('process check, nagios format', () => {
  it.each(scenarios)('$name', async ({ command, expected }) => {
    expect(await runCheck(processCheck, { command, format: 'nagios' })).toEqual([expected]);
  });
});

describe('splitPluginOutput', () => {
  it('follows the guidelines example: text, long text, and perfdata on both sides', () => {
    const output = ['Short output | Perf1=1', 'Long output 1', 'Long output 2 | perf2=2', 'perf3=3', 'perf4=4', ''].join('\n');
    expect(splitPluginOutput(output)).toEqual({ text: 'Short output', perfData: ' Perf1=1  perf2=2 perf3=3 perf4=4 ' });
  });

  it('has no perfdata without a |', () => {
    expect(splitPluginOutput('just text\nmore text\n')).toEqual({ text: 'just text', perfData: '' });
  });

  it('reads long-output perfdata even when the first line has none', () => {
    expect(splitPluginOutput('OK\nlong | a=1\n')).toEqual({ text: 'OK', perfData: ' a=1 ' });
  });
});

const perfScenarios: { name: string; text: string; expected: PerfDatum[] }[] = [
  { name: 'bare label and value', text: 'users=4', expected: [{ label: 'users', value: 4 }] },
  {
    name: 'several data, as check_http prints them',
    text: 'time=0.270634s;;;0.000000 size=20156B;;;0',
    expected: [
      { label: 'time', value: 0.270634, uom: 's', min: 0 },
      { label: 'size', value: 20156, uom: 'B', min: 0 },
    ],
  },
  {
    name: 'quoted label with spaces, every field',
    text: "'disk used on /var'=42.5%;80;90;0;100",
    expected: [{ label: 'disk used on /var', value: 42.5, uom: '%', warn: '80', crit: '90', min: 0, max: 100 }],
  },
  { name: "'' inside a quoted label is a quote", text: "'it''s here'=1", expected: [{ label: "it's here", value: 1 }] },
  { name: '= inside a quoted label', text: "'a=b'=3c", expected: [{ label: 'a=b', value: 3, uom: 'c' }] },
  {
    name: 'units of measure',
    text: 'a=1s b=2ms c=3us d=4% e=5B f=6KB g=7MB h=8TB i=9c',
    expected: [
      { label: 'a', value: 1, uom: 's' },
      { label: 'b', value: 2, uom: 'ms' },
      { label: 'c', value: 3, uom: 'us' },
      { label: 'd', value: 4, uom: '%' },
      { label: 'e', value: 5, uom: 'B' },
      { label: 'f', value: 6, uom: 'KB' },
      { label: 'g', value: 7, uom: 'MB' },
      { label: 'h', value: 8, uom: 'TB' },
      { label: 'i', value: 9, uom: 'c' },
    ],
  },
  { name: 'empty fields and trailing semicolons', text: 'load1=0.5;;;; load5=0.7;;', expected: [{ label: 'load1', value: 0.5 }, { label: 'load5', value: 0.7 }] },
  { name: 'ranges stay text', text: 'x=5;10:;@20:30', expected: [{ label: 'x', value: 5, warn: '10:', crit: '@20:30' }] },
  { name: 'negative and decimal numbers', text: 'temp=-3.5;;;-40;60.5', expected: [{ label: 'temp', value: -3.5, min: -40, max: 60.5 }] },
  { name: 'scientific notation', text: 'tiny=1.5e-05s', expected: [{ label: 'tiny', value: 0.000015, uom: 's' }] },
  { name: 'extra whitespace between data', text: '   a=1     b=2   ', expected: [{ label: 'a', value: 1 }, { label: 'b', value: 2 }] },
  { name: 'fields past max are ignored', text: 'a=1;2;3;4;5;6;7', expected: [{ label: 'a', value: 1, warn: '2', crit: '3', min: 4, max: 5 }] },
  { name: 'non-numeric min and max are dropped, the datum stays', text: 'a=1;;;low;high', expected: [{ label: 'a', value: 1 }] },
  { name: 'U (undetermined value) is skipped', text: 'a=U;1;2 b=2', expected: [{ label: 'b', value: 2 }] },
  {
    name: 'malformed items are skipped, the good ones kept',
    text: "novalue= =5 noequals ok=1 bad=1,5 x=abc 'spaced label'=7 'never closed=2",
    expected: [
      { label: 'ok', value: 1 },
      { label: 'spaced label', value: 7 },
    ],
  },
  { name: 'a quoted label not followed by = skips the whole quoted item', text: "'a b' =1 c=3", expected: [{ label: 'c', value: 3 }] },
  { name: 'empty text', text: '', expected: [] },
];

describe('parsePerfData', () => {
  it.each(perfScenarios)('$name', ({ text, expected }) => {
    expect(parsePerfData(text)).toEqual(expected);
  });
});
