import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jsonValue from '../../../main/checks/json-value/index.js';
import { formatValue, toNumber } from '../../../main/checks/lib/levels.js';
import { runCheck } from '../../helpers/context.js';
import { startLoopback } from '../../servers/routes.js';
import type { Loopback } from '../../servers/routes.js';

let server: Loopback;

beforeAll(async () => {
  server = await startLoopback({
    // A USB temperature stick with several probes; one probe sends a string, one has failed.
    '/stick': {
      body: {
        device: 'tempstick-7',
        sensors: [
          { name: 'living room', temperature: 21.5 },
          { name: 'server closet', temperature: 41.2 },
          { name: 'attic', temperature: 36 },
          { name: 'cellar', temperature: 3 },
          { name: 'porch', temperature: '-2.5' },
          { name: 'garage', temperature: 'n/a' },
          { name: 'boundary', temperature: 35 },
        ],
      },
    },
    '/tank': { body: { tank: { id: 'rainwater', level_pct: 35 } } },
    '/tank-full': { body: { tank: { id: 'rainwater', level_pct: 96 } } },
    '/batteries': {
      body: {
        data: {
          items: [
            { name: 'front door', battery_pct: 87 },
            { name: 'back door', battery_pct: 8 },
            { name: 'window', battery_pct: 'n/a' },
            { name: 'smoke alarm', battery_pct: 15 },
          ],
        },
      },
    },
    '/disk': { body: { volumes: { '/': { free_gb: 12.5 }, '/data': { free_gb: 250 } } } },
    '/flag': { body: { value: true } },
    '/down': { status: 500, body: 'sensor hub rebooting' },
    '/html': { body: '<!doctype html><title>Router login</title>' },
    '/hang': { hang: true },
  });
});

afterAll(() => server.close());

describe('json-value', () => {
  it.each([
    [
      'a temperature stick: one line per probe against both bands',
      { url: '/stick', path: '$.sensors[*].temperature', nameField: 'name', unit: '°C', errorBelow: 0, warnBelow: 5, warnAbove: 35, errorAbove: 40 },
      [
        { metric: 'living room', level: 'OK', result: '21.5°C' },
        { metric: 'server closet', level: 'ERROR', result: '41.2°C (error > 40°C)' },
        { metric: 'attic', level: 'WARNING', result: '36°C (warn > 35°C)' },
        { metric: 'cellar', level: 'WARNING', result: '3°C (warn < 5°C)' },
        { metric: 'porch', level: 'ERROR', result: '-2.5°C (error < 0°C)' },
        { metric: 'garage', level: 'ERROR', result: 'no number at $.sensors[5].temperature: got "n/a"' },
        { metric: 'boundary', level: 'OK', result: '35°C' },
      ],
    ],
    [
      'a water tank running low',
      { url: '/tank', path: 'tank.level_pct', label: 'Tank', unit: '%', errorBelow: 20, warnBelow: 40 },
      [{ level: 'WARNING', result: 'Tank 35% (warn < 40%)' }],
    ],
    [
      'a water tank about to overflow',
      { url: '/tank-full', path: 'tank.level_pct', label: 'Tank', unit: '%', errorAbove: 95 },
      [{ level: 'ERROR', result: 'Tank 96% (error > 95%)' }],
    ],
    [
      'batteries, with one sensor not reporting a number',
      { url: '/batteries', path: 'data.items[*].battery_pct', nameField: 'name', label: 'Battery', unit: '%', errorBelow: 10, warnBelow: 20 },
      [
        { metric: 'front door', level: 'OK', result: 'Battery 87%' },
        { metric: 'back door', level: 'ERROR', result: 'Battery 8% (error < 10%)' },
        { metric: 'window', level: 'ERROR', result: 'no number at data.items[2].battery_pct: got "n/a"' },
        { metric: 'smoke alarm', level: 'WARNING', result: 'Battery 15% (warn < 20%)' },
      ],
    ],
    [
      'free disk per volume, named by key, with a spaced unit',
      { url: '/disk', path: 'volumes.*.free_gb', label: 'Free', unit: 'GB', warnBelow: 20 },
      [
        { metric: '/', level: 'WARNING', result: 'Free 12.5 GB (warn < 20 GB)' },
        { metric: '/data', level: 'OK', result: 'Free 250 GB' },
      ],
    ],
    [
      'without label and unit, the bare number',
      { url: '/tank', path: '$.tank.level_pct', warnBelow: 40 },
      [{ level: 'WARNING', result: '35 (warn < 40)' }],
    ],
    ['a boolean is not a number', { url: '/flag', path: '$.value', warnBelow: 1 }, [{ level: 'ERROR', result: 'no number at $.value: got true' }]],
    ['a missing field', { url: '/tank', path: '$.tank.volume_l', warnBelow: 1 }, [{ level: 'ERROR', result: 'no number at $.tank.volume_l: got nothing (the field is missing)' }]],
    ['an object where a number should be', { url: '/tank', path: '$.tank', warnBelow: 1 }, [{ level: 'ERROR', result: 'no number at $.tank: got an object' }]],
    ['a wildcard that matches nothing', { url: '/batteries', path: 'data.devices[*].battery_pct', warnBelow: 1 }, [{ level: 'ERROR', result: 'nothing matches data.devices[*].battery_pct' }]],
    ['a 500 is one ERROR for the resource', { url: '/down', path: 'sensors[*].temperature', warnAbove: 30 }, [{ level: 'ERROR', result: 'status 500 Internal Server Error on /down, expected 2xx: "sensor hub rebooting"' }]],
    [
      'an HTML page is one ERROR for the resource',
      { url: '/html', path: 'sensors[*].temperature', warnAbove: 30 },
      [{ level: 'ERROR', result: 'status 200 OK on /html, but the response is not JSON: got an HTML page "Router login"' }],
    ],
  ])('%s', async (_name, { url, ...params }, expected) => {
    expect(await runCheck(jsonValue, { url: server.url(url), ...params })).toEqual(expected);
  });

  it('gives up on a hub that never answers when the signal aborts', async () => {
    const started = Date.now();
    const statuses = await runCheck(jsonValue, { url: server.url('/hang'), path: '$.x', warnBelow: 1 }, { signal: AbortSignal.timeout(200), timeoutMs: 200 });
    expect(statuses).toEqual([{ level: 'ERROR', result: 'no response within 200ms (timeout)' }]);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('toNumber', () => {
  it.each([
    [42, 42],
    [-2.5, -2.5],
    ['42.5', 42.5],
    [' 7 ', 7],
    ['-3', -3],
    ['1e3', 1000],
    ['.5', 0.5],
  ])('%j → %d', (value, expected) => {
    expect(toNumber(value)).toBe(expected);
  });

  it.each([['n/a'], [''], ['42%'], ['0x10'], [null], [true], [[1]], [{}], [Number.POSITIVE_INFINITY]])('refuses %j', (value) => {
    expect(toNumber(value)).toBeUndefined();
  });
});

describe('formatValue', () => {
  it.each([
    [87, '%', '87%'],
    [21.5, '°C', '21.5°C'],
    [12.4, 'V', '12.4 V'],
    [3, undefined, '3'],
    [3, '', '3'],
  ])('%d %j → %s', (value, unit, expected) => {
    expect(formatValue(value, unit)).toBe(expected);
  });
});

describe('json-value schema', () => {
  const base = { url: 'https://hub.test/api', path: '$.battery' };
  it.each([
    ['no threshold', {}, [': set at least one of `errorBelow`, `warnBelow`, `warnAbove`, `errorAbove`: without a threshold nothing can fail']],
    ['error band above the warning band going down', { errorBelow: 30, warnBelow: 20 }, [
      'errorBelow: must not be more than `warnBelow` (20): the warning comes first on the way down, got 30',
    ]],
    ['warning band above the error band going up', { warnAbove: 95, errorAbove: 90 }, [
      'warnAbove: must not be more than `errorAbove` (90): the warning comes first on the way up, got 95',
    ]],
    ['low band above the high band', { warnBelow: 50, warnAbove: 40 }, ['warnBelow: must not be more than `warnAbove` (40), or every value fails, got 50']],
    ['a threshold written as text', { warnBelow: '20%' }, ['warnBelow: must be a number like 20']],
    ['a broken path and no threshold, both at once', { path: 'x[*]', nameField: 'tags[*]' }, [
      'nameField: must be a plain path inside each element like "name", without wildcards, got "tags[*]"',
      ': set at least one of `errorBelow`, `warnBelow`, `warnAbove`, `errorAbove`: without a threshold nothing can fail',
    ]],
  ])('refuses %s', (_name, params, messages) => {
    const result = jsonValue.schema.safeParse({ ...base, ...params });
    expect(result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual(messages);
  });

  it.each([
    ['equal bands (the value must be exactly this)', { errorBelow: 10, errorAbove: 10 }],
    ['equal warning and error', { errorBelow: 10, warnBelow: 10 }],
    ['all four in order', { errorBelow: 0, warnBelow: 5, warnAbove: 35, errorAbove: 40 }],
  ])('accepts %s', (_name, params) => {
    expect(jsonValue.schema.safeParse({ ...base, ...params }).success).toBe(true);
  });
});
