/** Nagios threshold ranges and gauges for the detail view (renderer/perf.ts): pure functions, no browser. */
import { describe, expect, it } from 'vitest';
import { breaches, datumLevel, gaugeFor, parseRange } from '../../renderer/perf.js';

describe('parseRange: the plugin guidelines\' [@]start:end', () => {
  it.each([
    ['10', { start: 0, end: 10, inside: false }],
    ['10:', { start: 10, end: Infinity, inside: false }],
    ['~:10', { start: -Infinity, end: 10, inside: false }],
    ['10:20', { start: 10, end: 20, inside: false }],
    ['@10:20', { start: 10, end: 20, inside: true }],
    ['-5:1.5', { start: -5, end: 1.5, inside: false }],
    ['1e3', { start: 0, end: 1000, inside: false }],
  ])('%s', (text, range) => expect(parseRange(text)).toEqual(range));

  it.each(['', '@', 'abc', '20:10', '10:20:30', 'ten'])('refuses "%s"', (text) => expect(parseRange(text)).toBeUndefined());
  it('has no range without a threshold', () => expect(parseRange(undefined)).toBeUndefined());
});

describe('breaches and datumLevel', () => {
  it.each([
    ['10', 11, true],
    ['10', 10, false],
    ['10', -1, true],
    ['10:', 9, true],
    ['~:10', -1000, false],
    ['@10:20', 15, true],
    ['@10:20', 25, false],
  ])('%s with %s breaches: %s', (text, value, expected) => expect(breaches(parseRange(text)!, value)).toBe(expected));

  it.each([
    [{ label: 'disk', value: 91, warn: '85', crit: '95' }, 'WARNING'],
    [{ label: 'disk', value: 97, warn: '85', crit: '95' }, 'ERROR'],
    [{ label: 'disk', value: 40, warn: '85', crit: '95' }, 'OK'],
    [{ label: 'disk', value: 40 }, undefined],
    [{ label: 'free', value: 5, warn: '10:', crit: '2:' }, 'WARNING'],
  ])('%o is %s', (datum, level) => expect(datumLevel(datum)).toBe(level));
});

describe('gaugeFor: a gauge where it helps', () => {
  it('places a percentage on 0–100 with its threshold ticks', () => {
    expect(gaugeFor({ label: '/var', value: 91, uom: '%', warn: '85', crit: '95' })).toEqual({ fill: 0.91, warn: [0.85], crit: [0.95] });
  });
  it('uses min and max when given', () => {
    expect(gaugeFor({ label: 'queue', value: 50, min: 0, max: 200 })).toEqual({ fill: 0.25, warn: [], crit: [] });
  });
  it('scales to the thresholds when there is no max', () => {
    const gauge = gaugeFor({ label: 'time', value: 100, uom: 'ms', warn: '800', crit: '2000' })!;
    expect(gauge.fill).toBeCloseTo(100 / 2500);
    expect(gauge.crit).toEqual([0.8]);
  });
  it('draws none for a bare number with nothing to measure it against', () => {
    expect(gaugeFor({ label: 'count', value: 12 })).toBeUndefined();
  });
});
