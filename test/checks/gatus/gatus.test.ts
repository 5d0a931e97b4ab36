/**
 * `gatus` against a stand-in for Gatus' endpoint statuses API on 127.0.0.1
 * (test/servers/gatus.ts, shapes and paging from Gatus' source).
 */
import { afterEach, describe, expect, it } from 'vitest';
import gatus from '../../../main/checks/gatus/index.js';
import type { CheckStatus } from '../../../main/checks/types.js';
import { parseConfig } from '../../../main/engine/config.js';
import { runCheck } from '../../helpers/context.js';
import { startGatus, type GatusFixture, type StandInEndpoint, type StandInResult } from '../../servers/gatus.js';
import type { TestHttpServer } from '../../servers/http.js';
import { startLoopback } from '../../servers/routes.js';

const NOW = new Date('2026-11-26T04:00:00Z');
const MINUTE = 60_000;

const pass = (minutesAgo: number): StandInResult => ({
  success: true,
  timestamp: new Date(NOW.getTime() - minutesAgo * MINUTE),
  status: 200,
  conditionResults: [
    { condition: '[STATUS] == 200', success: true },
    { condition: '[RESPONSE_TIME] < 500', success: true },
  ],
});
const fail = (minutesAgo: number): StandInResult => ({
  success: false,
  timestamp: new Date(NOW.getTime() - minutesAgo * MINUTE),
  status: 500,
  conditionResults: [
    { condition: '[STATUS] (500) == 200', success: false },
    { condition: '[RESPONSE_TIME] (1203) < 500', success: false },
    { condition: '[BODY].status == UP', success: true },
  ],
});
const refused = (minutesAgo: number): StandInResult => ({
  success: false,
  timestamp: new Date(NOW.getTime() - minutesAgo * MINUTE),
  errors: ['Get "https://api.example.org/health": dial tcp 10.0.0.5:443: connect: connection refused'],
  conditionResults: [{ condition: '[CONNECTED] (false) == true', success: false }],
});

const blog: StandInEndpoint = { group: 'core', name: 'Blog home', results: [pass(3), pass(2), pass(1)] };
const api: StandInEndpoint = { group: 'core', name: 'API', results: [pass(3), pass(2), fail(1)] };
const dns: StandInEndpoint = { group: 'network', name: 'DNS', results: [fail(3), fail(2), pass(1)] };

let server: TestHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function run(fixture: GatusFixture, params: Record<string, unknown> = {}): Promise<{ statuses: CheckStatus[]; base: string }> {
  server = await startGatus(fixture);
  const base = server.url('');
  return { statuses: await runCheck(gatus, { url: base, ...params }, { now: () => NOW }), base };
}

describe('gatus', () => {
  it.each<{ name: string; fixture: GatusFixture; params?: Record<string, unknown>; expected: (base: string) => CheckStatus[] }>([
    {
      name: 'all healthy: one OK line counting the endpoints (an endpoint that recovered counts as healthy)',
      fixture: { endpoints: [blog, dns] },
      expected: () => [{ level: 'OK', result: '2 endpoints healthy' }],
    },
    {
      name: 'a failing endpoint is an ERROR with its failed conditions as Gatus shows them, linked to its page',
      fixture: { endpoints: [blog, api, dns] },
      expected: (base) => [
        { metric: 'core / API', level: 'ERROR', result: '[STATUS] (500) == 200; [RESPONSE_TIME] (1203) < 500', link: `${base}/endpoints/core_api` },
        { level: 'OK', result: '2 endpoints healthy, 1 failing' },
      ],
    },
    {
      name: 'errors come before the failed conditions',
      fixture: { endpoints: [{ group: 'core', name: 'Orders API', results: [pass(2), refused(1)] }] },
      expected: (base) => [
        {
          metric: 'core / Orders API',
          level: 'ERROR',
          result: 'Get "https://api.example.org/health": dial tcp 10.0.0.5:443: connect: connection refused; [CONNECTED] (false) == true',
          link: `${base}/endpoints/core_orders-api`,
        },
        { level: 'OK', result: '1 endpoint failing' },
      ],
    },
    {
      name: 'an endpoint without a group goes by its name; one whose conditions are hidden says so',
      fixture: { endpoints: [{ name: 'Payments', results: [{ success: false, timestamp: NOW }] }] },
      expected: (base) => [
        { metric: 'Payments', level: 'ERROR', result: 'failing (Gatus hides this endpoint\'s conditions and errors)', link: `${base}/endpoints/_payments` },
        { level: 'OK', result: '1 endpoint failing' },
      ],
    },
    {
      name: 'endpoints not checked yet are counted (results [] from the memory store)',
      fixture: { endpoints: [blog, { group: 'new', name: 'Status page', results: [] }] },
      expected: () => [{ level: 'OK', result: '1 endpoint healthy, 1 not checked yet' }],
    },
    {
      name: 'endpoints not checked yet are counted (results null from the SQL store)',
      fixture: { endpoints: [blog, { group: 'new', name: 'Status page', results: [] }], sqlStore: true },
      expected: () => [{ level: 'OK', result: '1 endpoint healthy, 1 not checked yet' }],
    },
    {
      name: 'no endpoints is an ERROR: nothing is being watched',
      fixture: { endpoints: [] },
      expected: () => [{ level: 'ERROR', result: 'Gatus reports no endpoints: is `url` the Gatus you mean?' }],
    },
    {
      name: 'with `security.basic`, the login is sent',
      fixture: { endpoints: [blog], basic: { username: 'backstop', password: 's3cret' } },
      params: { username: 'backstop', password: 's3cret' },
      expected: () => [{ level: 'OK', result: '1 endpoint healthy' }],
    },
    {
      name: 'a refused password is an ERROR naming `password`',
      fixture: { endpoints: [blog], basic: { username: 'backstop', password: 's3cret' } },
      params: { username: 'backstop', password: 'old' },
      expected: () => [{ level: 'ERROR', result: 'status 401 Unauthorized on /api/v1/endpoints/statuses: check `password`' }],
    },
    {
      name: 'a Gatus that asks for a login, without one configured, says which fields to set',
      fixture: { endpoints: [blog], basic: { username: 'backstop', password: 's3cret' } },
      expected: () => [{ level: 'ERROR', result: 'status 401 Unauthorized on /api/v1/endpoints/statuses, expected 2xx: Gatus asks for a login: set `username` and `password`' }],
    },
  ])('$name', async ({ fixture, params, expected }) => {
    const { statuses, base } = await run(fixture, params);
    expect(statuses).toEqual(expected(base));
  });

  it('a large instance: asks for the latest result of each endpoint only (page=1, pageSize=1), every endpoint in one answer', async () => {
    const history = (index: number) => Array.from({ length: 100 }, (_, minute) => (index % 100 === 0 && minute === 99 ? fail(0) : pass(100 - minute)));
    const endpoints = Array.from({ length: 500 }, (_, index) => ({ group: `group ${Math.floor(index / 50)}`, name: `endpoint ${index}`, results: history(index) }));
    const { statuses } = await run({ endpoints });
    expect(server!.requests.map((request) => request.path)).toEqual(['/api/v1/endpoints/statuses?page=1&pageSize=1']);
    expect(statuses.map((status) => [status.metric, status.level])).toEqual([
      ['group 0 / endpoint 0', 'ERROR'],
      ['group 2 / endpoint 100', 'ERROR'],
      ['group 4 / endpoint 200', 'ERROR'],
      ['group 6 / endpoint 300', 'ERROR'],
      ['group 8 / endpoint 400', 'ERROR'],
      [undefined, 'OK'],
    ]);
    expect(statuses.at(-1)!.result).toBe('495 endpoints healthy, 5 failing');
  });

  it('under a path prefix, the API and the links keep it', async () => {
    server = await startLoopback({ '/status/api/v1/endpoints/statuses?page=1&pageSize=1': { body: [{ group: 'core', name: 'API', key: 'core_api', results: [{ success: false, timestamp: NOW.toISOString(), conditionResults: [{ condition: '[STATUS] (503) == 200', success: false }] }] }] } });
    expect(await runCheck(gatus, { url: server.url('/status/') }, { now: () => NOW })).toEqual([
      { metric: 'core / API', level: 'ERROR', result: '[STATUS] (503) == 200', link: server.url('/status/endpoints/core_api') },
      { level: 'OK', result: '1 endpoint failing' },
    ]);
  });

  it('an answer of another shape is an ERROR naming the field', async () => {
    server = await startLoopback({ '/api/v1/endpoints/statuses?page=1&pageSize=1': { body: [{ name: 'API', key: 'core_api', results: [{ success: 'false', timestamp: NOW.toISOString() }] }] } });
    expect(await runCheck(gatus, { url: server.url('') }, { now: () => NOW })).toEqual([
      { level: 'ERROR', result: 'status 200 OK on /api/v1/endpoints/statuses, but `[0].results[0].success` is "false", expected true or false' },
    ]);
  });

  it('an HTML page instead of the API (the wrong URL) is an ERROR saying so', async () => {
    server = await startLoopback({ '/api/v1/endpoints/statuses?page=1&pageSize=1': { body: '<!doctype html><title>Grafana</title>', headers: { 'content-type': 'text/html' } } });
    expect(await runCheck(gatus, { url: server.url('') }, { now: () => NOW })).toEqual([
      { level: 'ERROR', result: 'status 200 OK on /api/v1/endpoints/statuses, but the response is not JSON: got an HTML page "Grafana"' },
    ]);
  });

  it('Gatus down: the connection failure, with its code and address', async () => {
    server = await startGatus({ endpoints: [] });
    const base = server.url('');
    await server.close();
    server = undefined;
    expect(await runCheck(gatus, { url: base }, { now: () => NOW })).toEqual([{ level: 'ERROR', result: `connection refused (ECONNREFUSED ${new URL(base).host})` }]);
  });
});

describe('gatus config', () => {
  const load = (resource: Record<string, unknown>, env: Record<string, string> = {}) =>
    parseConfig(JSON.stringify({ resources: [{ name: 'Status', type: 'gatus', ...resource }] }), '/etc/backstop/backstop.json', env);

  it('links to Gatus without a `link`, so validate does not ask for one; the password comes from the environment', async () => {
    const config = await load({ url: 'https://status.example.com', username: 'backstop', password: '${GATUS_PASSWORD}' }, { GATUS_PASSWORD: 's3cret' });
    expect(config.issues).toEqual([]);
    expect(config.resources[0]).toMatchObject({ ok: true, link: 'https://status.example.com/', params: { password: 's3cret' } });
  });

  it.each([
    ['a `username` without `password`', { url: 'https://status.example.com', username: 'backstop' }, 'resource `Status` (gatus): set `password` too: Gatus\' basic security takes `username` and `password`, and only `username` is set'],
    ['a `password` without `username`', { url: 'https://status.example.com', password: 'x' }, 'resource `Status` (gatus): set `username` too: Gatus\' basic security takes `username` and `password`, and only `password` is set'],
  ])('refuses %s at load', async (_name, resource, message) => {
    expect((await load(resource)).issues.filter((issue) => issue.severity === 'error').map((issue) => issue.message)).toEqual([message]);
  });
});
