/** A check's return value: accepted and cleaned, or the first thing wrong with it in words. */
import { describe, expect, it } from 'vitest';
import { normalizeResult } from '../../main/engine/check-result.js';

describe('normalizeResult: what a check may return', () => {
  const accepted: { name: string; value: unknown; statuses: unknown[] }[] = [
    { name: 'nothing is no status (the runner makes it one OK)', value: undefined, statuses: [] },
    { name: 'null likewise', value: null, statuses: [] },
    { name: 'one status', value: { level: 'OK', result: '142 ms' }, statuses: [{ level: 'OK', result: '142 ms' }] },
    { name: 'a level in any case, spaces trimmed', value: [{ level: ' warning ', result: 'x' }, { level: 'Error', result: 'y' }], statuses: [{ level: 'WARNING', result: 'x' }, { level: 'ERROR', result: 'y' }] },
    {
      name: 'every field, unknown keys dropped, here and in perfData',
      value: { metric: 'disk', level: 'OK', result: '42%', link: 'https://x.test', extra: 1, perfData: [{ label: 'used', value: 42, uom: '%', warn: '80', crit: '90', min: 0, max: 100, other: true }] },
      statuses: [{ metric: 'disk', level: 'OK', result: '42%', link: 'https://x.test', perfData: [{ label: 'used', value: 42, uom: '%', warn: '80', crit: '90', min: 0, max: 100 }] }],
    },
    {
      name: 'text cleaned as it comes in: a result keeps its lines, a metric or link is one line',
      value: { metric: 'a\nb', level: 'OK', result: '\u001b[31mred\u001b[0m\r\nnext\u202e', link: 'https://x.test/\u2028' },
      statuses: [{ metric: 'a b', level: 'OK', result: 'red\nnext', link: 'https://x.test/ ' }],
    },
  ];
  it.each(accepted)('accepts $name', ({ value, statuses }) => {
    expect(normalizeResult(value)).toEqual({ ok: true, statuses });
  });

  const refused: { name: string; value: unknown; problem: string }[] = [
    { name: 'a number', value: 42, problem: 'expected a status object { level, result }, got 42 in 42' },
    { name: 'a null in a list', value: [{ level: 'OK', result: 'a' }, null], problem: 'status 2: expected a status object { level, result }, got null in null' },
    { name: 'an unknown level', value: { level: 'GREEN', result: 'x' }, problem: 'expected `level` OK, WARNING or ERROR, got "GREEN" in {"level":"GREEN","result":"x"}' },
    { name: 'no level', value: { result: 'x' }, problem: 'expected `level` OK, WARNING or ERROR, got nothing in {"result":"x"}' },
    { name: 'no result', value: [{ level: 'OK', result: 'a' }, { level: 'OK' }], problem: 'status 2: expected `result` text, got nothing in {"level":"OK"}' },
    { name: 'a metric that is not text, before a bad level', value: { metric: 7, level: 'nope' }, problem: 'expected `metric` text, got 7 in {"metric":7,"level":"nope"}' },
    { name: 'a link that is not text', value: { level: 'OK', result: 'x', link: { href: 'y' } }, problem: 'expected `link` text, got {"href":"y"} in {"level":"OK","result":"x","link":{"href":"y"}}' },
    { name: 'perfData that is not a list', value: { level: 'OK', result: 'x', perfData: 'a=1' }, problem: 'expected `perfData` a list of { label, value }, got "a=1" in {"level":"OK","result":"x","perfData":"a=1"}' },
    {
      name: 'a datum whose value is not a finite number',
      value: { level: 'OK', result: 'x', perfData: [{ label: 'a', value: 1 }, { label: 'b', value: Infinity }] },
      problem: 'expected `perfData.1.value` a number, got Infinity in {"level":"OK","result":"x","perfData":[{"label":"a","value":1},{"label":"b","value":null}]}',
    },
    { name: 'a datum that is not an object', value: { level: 'OK', result: 'x', perfData: [3] }, problem: 'expected `perfData.0` a { label, value } object, got 3 in {"level":"OK","result":"x","perfData":[3]}' },
    { name: 'a datum whose min is not a number', value: { level: 'OK', result: 'x', perfData: [{ label: 'a', value: 1, min: 'low' }] }, problem: 'expected `perfData.0.min` a number, got "low" in {"level":"OK","result":"x","perfData":[{"label":"a","value":1,"min":"low"}]}' },
    { name: 'a datum without a label', value: { level: 'OK', result: 'x', perfData: [{ value: 1, min: 'low' }] }, problem: 'expected `perfData.0.label` text, got nothing in {"level":"OK","result":"x","perfData":[{"value":1,"min":"low"}]}' },
  ];
  it.each(refused)('refuses $name, saying where', ({ value, problem }) => {
    expect(normalizeResult(value)).toEqual({ ok: false, problem });
  });
});
