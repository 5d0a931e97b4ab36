import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import lastModified from '../../../main/checks/last-modified/index.js';
import { runCheck } from '../../helpers/context.js';
import { startLoopback } from '../../servers/routes.js';
import type { Loopback } from '../../servers/routes.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const modified = (ageMs: number) => ({ 'last-modified': new Date(NOW.getTime() - ageMs).toUTCString() });

let server: Loopback;

beforeAll(async () => {
  server = await startLoopback({
    '/export.csv': { headers: modified(5 * HOUR), body: 'id,value\n1,2\n' },
    '/stale.csv': { headers: modified(3 * DAY), body: 'id,value\n' },
    '/late.csv': { headers: modified(21 * HOUR), body: 'id,value\n' },
    '/future.csv': { headers: modified(-2 * HOUR), body: 'id,value\n' },
    '/no-header': { body: 'generated on the fly' },
    '/bad-header': { headers: { 'last-modified': 'yesterday' }, body: 'x' },
    '/no-head': {
      byMethod: {
        HEAD: { status: 405 },
        GET: { headers: modified(2 * HOUR), body: 'x'.repeat(6_000_000) },
      },
    },
    '/no-head-501': { byMethod: { HEAD: { status: 501 }, GET: { headers: modified(3 * DAY), body: 'x' } } },
    '/no-head-broken': { byMethod: { HEAD: { status: 405 }, GET: { status: 503, body: 'maintenance until 14:00' } } },
    '/missing': { status: 404, body: 'not found' },
    '/down': { status: 500, body: 'oops' },
    '/moved': { status: 301, headers: { location: '/export.csv' } },
    '/hang': { hang: true },
  });
});

afterAll(() => server.close());

const thresholds = { warnAfter: '20h', errorAfter: '26h' };

describe('last-modified', () => {
  it.each([
    ['a fresh file is OK', '/export.csv', [{ level: 'OK', result: 'modified 5 hours ago' }], ['HEAD']],
    ['a stale file is an ERROR', '/stale.csv', [{ level: 'ERROR', result: 'modified 3 days ago (error > 26h)' }], ['HEAD']],
    ['a late file is a WARNING', '/late.csv', [{ level: 'WARNING', result: 'modified 21 hours ago (warn > 20h)' }], ['HEAD']],
    ['a date in the future is OK, and said', '/future.csv', [{ level: 'OK', result: 'modified 2 hours in the future (check the clocks)' }], ['HEAD']],
    ['no header', '/no-header', [{ level: 'ERROR', result: 'no Last-Modified header in the response' }], ['HEAD']],
    ['a header that is not a date', '/bad-header', [{ level: 'ERROR', result: 'Last-Modified is not an HTTP date: got "yesterday"' }], ['HEAD']],
    ['HEAD refused with 405: GET, without reading a big body', '/no-head', [{ level: 'OK', result: 'modified 2 hours ago' }], ['HEAD', 'GET']],
    ['HEAD refused with 501: GET', '/no-head-501', [{ level: 'ERROR', result: 'modified 3 days ago (error > 26h)' }], ['HEAD', 'GET']],
    ['GET after a refused HEAD fails too', '/no-head-broken', [{ level: 'ERROR', result: 'status 503 Service Unavailable on /no-head-broken, expected 2xx: "maintenance until 14:00"' }], ['HEAD', 'GET']],
    ['a 404 is not retried', '/missing', [{ level: 'ERROR', result: 'status 404 Not Found on /missing, expected 2xx' }], ['HEAD']],
    ['a 500 is not retried', '/down', [{ level: 'ERROR', result: 'status 500 Internal Server Error on /down, expected 2xx' }], ['HEAD']],
    ['a redirect is followed', '/moved', [{ level: 'OK', result: 'modified 5 hours ago' }], ['HEAD', 'HEAD']],
  ])('%s', async (_name, route, expected, methods) => {
    const before = server.requests.length;
    const statuses = await runCheck(lastModified, { url: server.url(route), ...thresholds }, { now: () => NOW });
    expect(statuses).toEqual(expected);
    expect(server.requests.slice(before).map((request) => request.method)).toEqual(methods);
  });

  it('sends the configured headers', async () => {
    await runCheck(lastModified, { url: server.url('/export.csv'), headers: { 'X-Api-Key': 'k3y' }, ...thresholds }, { now: () => NOW });
    expect(server.requests.at(-1)?.headers['x-api-key']).toBe('k3y');
  });

  it('sends user:password in the URL as Basic authorization', async () => {
    const url = server.url('/export.csv').replace('http://', 'http://mirror:s3cret@');
    expect(await runCheck(lastModified, { url, ...thresholds }, { now: () => NOW })).toEqual([{ level: 'OK', result: 'modified 5 hours ago' }]);
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Basic ${Buffer.from('mirror:s3cret').toString('base64')}`);
  });

  it('gives up on a server that never answers when the signal aborts', async () => {
    const started = Date.now();
    const statuses = await runCheck(lastModified, { url: server.url('/hang'), ...thresholds }, { now: () => NOW, signal: AbortSignal.timeout(200), timeoutMs: 200 });
    expect(statuses).toEqual([{ level: 'ERROR', result: 'no response within 200ms (timeout)' }]);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('last-modified schema', () => {
  it.each([
    ['no threshold', { url: 'https://x.test/f.csv' }, ': set `errorAfter` (and optionally `warnAfter`) to a duration like "26h": without a threshold nothing can fail'],
    ['warning after the error', { url: 'https://x.test/f.csv', warnAfter: '8d', errorAfter: '7d' }, 'warnAfter: must be less than `errorAfter` (7d), got 8d'],
    ['an ftp URL', { url: 'ftp://x.test/f.csv', errorAfter: '7d' }, 'url: must be an http or https URL like "https://example.com/health", got "ftp://x.test/f.csv"'],
  ])('refuses %s', (_name, params, message) => {
    const result = lastModified.schema.safeParse(params);
    expect(result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([message]);
  });
});
