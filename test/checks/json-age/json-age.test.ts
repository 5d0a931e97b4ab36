import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jsonAge from '../../../main/checks/json-age/index.js';
import { parseTimestamp } from '../../../main/checks/json-age/timestamp.js';
import { runCheck } from '../../helpers/context.js';
import { startLoopback } from '../../servers/routes.js';
import type { Loopback } from '../../servers/routes.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(NOW.getTime() - ms);

let server: Loopback;

beforeAll(async () => {
  server = await startLoopback({
    // A gateway reporting when it last heard from the cloud.
    '/gateway': { body: { device: 'gw-1', last_seen: ago(5 * HOUR).toISOString() } },
    '/gateway-stale': { body: { device: 'gw-1', last_seen: ago(3 * DAY).toISOString() } },
    '/gateway-late': { body: { device: 'gw-1', last_seen: ago(21 * HOUR).toISOString() } },
    '/gateway-epoch-s': { body: { last_seen: Math.floor(ago(2 * HOUR).getTime() / 1000) } },
    '/gateway-epoch-ms': { body: { last_seen: ago(30 * DAY).getTime() } },
    '/gateway-na': { body: { last_seen: 'n/a' } },
    '/gateway-null': { body: { last_seen: null } },
    '/gateway-missing': { body: { device: 'gw-1' } },
    '/gateway-future': { body: { last_seen: new Date(NOW.getTime() + 3 * HOUR).toISOString() } },
    '/gateway-local': { body: { last_seen: '2026-11-25 10:00:00' } },
    // A temperature stick with several sensors, each with its own last update.
    '/stick': {
      body: {
        data: {
          items: [
            { name: 'kitchen', last_update: ago(HOUR).toISOString() },
            { name: 'garage', last_update: Math.floor(ago(3 * DAY).getTime() / 1000) },
            { name: 'attic', last_update: 'n/a' },
            { name: 'cellar', last_update: ago(21 * HOUR).getTime() },
            { name: 'porch' },
          ],
        },
      },
    },
    '/stick-empty': { body: { data: { items: [] } } },
    '/down': { status: 500, body: 'upstream sensor cloud unavailable' },
    '/login': { body: '<html><h1>Please log in</h1></html>' },
    '/hang': { hang: true },
  });
});

afterAll(() => server.close());

const thresholds = { warnAfter: '20h', errorAfter: '26h' };

describe('json-age', () => {
  it.each([
    ['a recent timestamp is OK', '/gateway', '$.last_seen', [{ level: 'OK', result: 'updated 5 hours ago' }]],
    ['the path may leave out $', '/gateway', 'last_seen', [{ level: 'OK', result: 'updated 5 hours ago' }]],
    ['a stale timestamp is an ERROR', '/gateway-stale', '$.last_seen', [{ level: 'ERROR', result: 'updated 3 days ago (error > 26h)' }]],
    ['a late timestamp is a WARNING', '/gateway-late', '$.last_seen', [{ level: 'WARNING', result: 'updated 21 hours ago (warn > 20h)' }]],
    ['epoch seconds', '/gateway-epoch-s', '$.last_seen', [{ level: 'OK', result: 'updated 2 hours ago' }]],
    ['epoch milliseconds', '/gateway-epoch-ms', '$.last_seen', [{ level: 'ERROR', result: 'updated 30 days ago (error > 26h)' }]],
    ['a timestamp without offset is read in the config time zone', '/gateway-local', '$.last_seen', [{ level: 'OK', result: 'updated 3 hours ago' }]],
    ['a timestamp in the future is OK, and said', '/gateway-future', '$.last_seen', [{ level: 'OK', result: 'updated 3 hours in the future (check the clocks)' }]],
    ['not a timestamp', '/gateway-na', '$.last_seen', [{ level: 'ERROR', result: 'no timestamp at $.last_seen: got "n/a"' }]],
    ['null', '/gateway-null', '$.last_seen', [{ level: 'ERROR', result: 'no timestamp at $.last_seen: got null' }]],
    ['a missing field', '/gateway-missing', '$.last_seen', [{ level: 'ERROR', result: 'no timestamp at $.last_seen: got nothing (the field is missing)' }]],
    ['a 500 is one ERROR with its status and body', '/down', '$.last_seen', [{ level: 'ERROR', result: 'status 500 Internal Server Error on /down, expected 2xx: "upstream sensor cloud unavailable"' }]],
    ['a login page is one ERROR', '/login', '$.last_seen', [{ level: 'ERROR', result: 'status 200 OK on /login, but the response is not JSON: got an HTML page "Please log in"' }]],
    ['an empty sensor list is an ERROR, not a pass', '/stick-empty', 'data.items[*].last_update', [{ level: 'ERROR', result: 'nothing matches data.items[*].last_update' }]],
  ])('%s', async (_name, route, path, expected) => {
    const statuses = await runCheck(jsonAge, { url: server.url(route), path, ...thresholds }, { now: () => NOW, timezone: 'Europe/Paris' });
    expect(statuses).toEqual(expected);
  });

  it('gives one line per sensor, named by nameField, and a sensor that stopped sending is not skipped', async () => {
    const statuses = await runCheck(jsonAge, { url: server.url('/stick'), path: 'data.items[*].last_update', nameField: 'name', ...thresholds }, { now: () => NOW });
    expect(statuses).toEqual([
      { metric: 'kitchen', level: 'OK', result: 'updated 60 minutes ago' },
      { metric: 'garage', level: 'ERROR', result: 'updated 3 days ago (error > 26h)' },
      { metric: 'attic', level: 'ERROR', result: 'no timestamp at data.items[2].last_update: got "n/a"' },
      { metric: 'cellar', level: 'WARNING', result: 'updated 21 hours ago (warn > 20h)' },
      { metric: 'porch', level: 'ERROR', result: 'no timestamp at data.items[4].last_update: got nothing (the field is missing)' },
    ]);
  });

  it('names sensors by index without nameField', async () => {
    const statuses = await runCheck(jsonAge, { url: server.url('/stick'), path: '$.data.items[*].last_update', errorAfter: '7d' }, { now: () => NOW });
    expect(statuses.map((status) => [status.metric, status.level])).toEqual([
      ['[0]', 'OK'],
      ['[1]', 'OK'],
      ['[2]', 'ERROR'],
      ['[3]', 'OK'],
      ['[4]', 'ERROR'],
    ]);
  });

  it('sends the configured headers (an API key from the environment)', async () => {
    await runCheck(jsonAge, { url: server.url('/gateway'), path: '$.last_seen', headers: { Authorization: 'Bearer t0ken' }, ...thresholds }, { now: () => NOW });
    expect(server.requests.at(-1)).toMatchObject({ method: 'GET', path: '/gateway', headers: { authorization: 'Bearer t0ken' } });
  });

  it('gives up on a server that never answers when the signal aborts', async () => {
    const started = Date.now();
    const statuses = await runCheck(jsonAge, { url: server.url('/hang'), path: '$.last_seen', ...thresholds }, { now: () => NOW, signal: AbortSignal.timeout(200), timeoutMs: 200 });
    expect(statuses).toEqual([{ level: 'ERROR', result: 'no response within 200ms (timeout)' }]);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('parseTimestamp', () => {
  it.each([
    ['ISO with Z', '2026-11-25T10:00:00Z', '2026-11-25T10:00:00.000Z'],
    ['ISO with offset', '2026-11-25T10:00:00+02:00', '2026-11-25T08:00:00.000Z'],
    ['ISO without offset, in the zone', '2026-11-25T10:00:00', '2026-11-25T09:00:00.000Z'],
    ['space instead of T', '2026-11-25 10:00:00', '2026-11-25T09:00:00.000Z'],
    ['epoch seconds', 1_764_064_800, '2025-11-25T10:00:00.000Z'],
    ['epoch milliseconds', 1_764_064_800_000, '2025-11-25T10:00:00.000Z'],
    ['epoch seconds as a string', '1764064800', '2025-11-25T10:00:00.000Z'],
  ])('%s', (_name, value, iso) => {
    expect(parseTimestamp(value, 'Europe/Paris')?.toISOString()).toBe(iso);
  });

  it.each([['n/a'], [''], [null], [true], [{}], ['yesterday'], [Number.NaN]])('refuses %j', (value) => {
    expect(parseTimestamp(value, 'UTC')).toBeUndefined();
  });
});

describe('json-age schema', () => {
  it.each([
    ['no threshold', { url: 'https://x.test/', path: '$.t' }, ': set `errorAfter` (and optionally `warnAfter`) to a duration like "26h": without a threshold nothing can fail'],
    ['a URL without scheme', { url: 'sensors.local/api', path: '$.t', errorAfter: '1h' }, 'url: must be an http or https URL like "https://example.com/health", got "sensors.local/api"'],
    ['a wildcard nameField', { url: 'https://x.test/', path: 'items[*].t', nameField: 'names[*]', errorAfter: '1h' }, 'nameField: must be a plain path inside each element like "name", without wildcards, got "names[*]"'],
    ['no path', { url: 'https://x.test/', errorAfter: '1h' }, 'path: must be a JSONPath like "$.last_seen"'],
  ])('refuses %s', (_name, params, message) => {
    const result = jsonAge.schema.safeParse(params);
    expect(result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([message]);
  });
});
