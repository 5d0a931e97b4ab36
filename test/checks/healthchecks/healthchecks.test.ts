/**
 * `healthchecks` against a stand-in for Healthchecks' Management API v3 on 127.0.0.1
 * (test/servers/healthchecks.ts, shapes from Healthchecks' source).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import healthchecks from '../../../main/checks/healthchecks/index.js';
import type { CheckStatus } from '../../../main/checks/types.js';
import { parseConfig } from '../../../main/engine/config.js';
import { runCheck } from '../../helpers/context.js';
import { createCa, createLeaf } from '../../servers/certs.js';
import { healthchecksHandler, isoString, startHealthchecks, uniqueKey, type HealthchecksFixture, type StandInCheck } from '../../servers/healthchecks.js';
import type { TestHttpServer } from '../../servers/http.js';
import { startHttpsServer } from '../../servers/https.js';
import { startLoopback } from '../../servers/routes.js';

const NOW = new Date('2026-11-26T04:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => isoString(new Date(NOW.getTime() - ms));

const backup: StandInCheck = { name: 'DB backup', uuid: '803f680d-e89b-492b-82ef-2be7b774a92d', status: 'down', last_ping: ago(3 * DAY), grace: 3600, timeout: 86_400 };
const fsBackup: StandInCheck = { name: 'Filesystem backup', uuid: '31365bce-8da9-4729-8ff3-aaa71d56b712', status: 'grace', last_ping: ago(25 * HOUR), grace: 7200, timeout: 86_400 };
const report: StandInCheck = { name: 'Nightly report', uuid: 'f618072a-7bde-4eee-af63-71a77c5723bc', status: 'down', last_ping: ago(2 * DAY), grace: 1200, schedule: '15 5 * * *', tz: 'Europe/Berlin' };
const up = (name: string, index: number): StandInCheck => ({ name, uuid: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, status: 'up', last_ping: ago(HOUR), grace: 3600, timeout: 86_400 });
/** Paused 23 days ago, after a last ping 24 days ago. */
const oldPause: StandInCheck = {
  name: 'Legacy sync',
  uuid: '1b9d0386-d07e-44b0-8995-4a9a372de43c',
  status: 'paused',
  last_ping: ago(24 * DAY),
  grace: 3600,
  timeout: 3600,
  flips: [
    { timestamp: ago(40 * DAY), up: 1 },
    { timestamp: ago(23 * DAY), up: 0 },
  ],
};
/** Paused two days ago; its last ping was 10 days ago (it was down before). */
const recentPause: StandInCheck = { ...oldPause, name: 'Invoice export', uuid: '7d3ab93d-836e-4505-bbda-fcbd5e07adf9', last_ping: ago(10 * DAY), flips: [{ timestamp: ago(12 * DAY), up: 1 }, { timestamp: ago(2 * DAY), up: 0 }] };

let server: TestHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function run(fixture: HealthchecksFixture, params: Record<string, unknown> = {}): Promise<{ statuses: CheckStatus[]; base: string }> {
  server = await startHealthchecks(fixture);
  const base = server.url(fixture.prefix ?? '');
  const statuses = await runCheck(healthchecks, { url: base, apiKey: 'rw-key', ...params }, { now: () => NOW });
  return { statuses, base };
}

const details = (base: string, check: StandInCheck) => `${base}/checks/${check.uuid}/details/`;

describe('healthchecks', () => {
  it.each<{ name: string; fixture: HealthchecksFixture; params?: Record<string, unknown>; expected: (base: string) => CheckStatus[] }>([
    {
      name: 'all up: one OK line counting the checks',
      fixture: { checks: [up('Web', 1), up('Mail', 2), up('DNS', 3)] },
      expected: () => [{ level: 'OK', result: '3 checks up' }],
    },
    {
      name: 'down is an ERROR and late (grace) a WARNING, each with its last ping, period and grace, linked to its page',
      fixture: { checks: [up('Web', 1), backup, fsBackup] },
      expected: (base) => [
        { metric: 'DB backup', level: 'ERROR', result: 'down, last ping 3 days ago (every 1d, grace 1h)', link: details(base, backup) },
        { metric: 'Filesystem backup', level: 'WARNING', result: 'late, last ping 25 hours ago (every 1d, grace 2h)', link: details(base, fsBackup) },
        { level: 'OK', result: '1 check up, 1 late, 1 down' },
      ],
    },
    {
      name: 'a cron check shows its schedule and time zone',
      fixture: { checks: [report] },
      expected: (base) => [
        { metric: 'Nightly report', level: 'ERROR', result: 'down, last ping 2 days ago (schedule "15 5 * * *" Europe/Berlin, grace 20m)', link: details(base, report) },
        { level: 'OK', result: '1 check down' },
      ],
    },
    {
      name: 'a check that started and never finished says so; one never pinged says that',
      fixture: { checks: [{ ...backup, started: true }, { ...fsBackup, status: 'down', last_ping: null }] },
      expected: (base) => [
        { metric: 'DB backup', level: 'ERROR', result: 'down, last ping 3 days ago (every 1d, grace 1h); a run started and has not finished', link: details(base, backup) },
        { metric: 'Filesystem backup', level: 'ERROR', result: 'down, never pinged (every 1d, grace 2h)', link: details(base, fsBackup) },
        { level: 'OK', result: '2 checks down' },
      ],
    },
    {
      name: 'paused longer than 7 days (the default) is a WARNING saying since when, from the flip that paused it',
      fixture: { checks: [up('Web', 1), oldPause] },
      expected: (base) => [
        { metric: 'Legacy sync', level: 'WARNING', result: 'paused for 23 days (warn > 7d)', link: details(base, oldPause) },
        { level: 'OK', result: '1 check up, 1 paused (Legacy sync)' },
      ],
    },
    {
      name: 'paused recently: named in the summary only, even when its last ping is old',
      fixture: { checks: [up('Web', 1), recentPause] },
      expected: () => [{ level: 'OK', result: '1 check up, 1 paused (Invoice export)' }],
    },
    {
      name: 'flips served as the example in Healthchecks\' API docs shows them (a bare list) are read too',
      fixture: { checks: [up('Web', 1), oldPause], docsShape: true },
      expected: (base) => [
        { metric: 'Legacy sync', level: 'WARNING', result: 'paused for 23 days (warn > 7d)', link: details(base, oldPause) },
        { level: 'OK', result: '1 check up, 1 paused (Legacy sync)' },
      ],
    },
    {
      name: '`pausedWarnAfter` sets the threshold',
      fixture: { checks: [recentPause] },
      params: { pausedWarnAfter: '1d' },
      expected: (base) => [
        { metric: 'Invoice export', level: 'WARNING', result: 'paused for 2 days (warn > 1d)', link: details(base, recentPause) },
        { level: 'OK', result: '1 check paused (Invoice export)' },
      ],
    },
    {
      name: 'paused with no flip left (Healthchecks keeps about three months): paused for longer than that',
      fixture: { checks: [{ ...oldPause, last_ping: null, flips: [] }] },
      expected: (base) => [
        { metric: 'Legacy sync', level: 'WARNING', result: 'paused since before the status history Healthchecks keeps (2 to 3 months) (warn > 7d)', link: details(base, oldPause) },
        { level: 'OK', result: '1 check paused (Legacy sync)' },
      ],
    },
    {
      name: 'the flips cannot be read: a WARNING with the reason, the rest still reported',
      fixture: { checks: [up('Web', 1), oldPause], flipsStatus: 500 },
      expected: (base) => [
        { metric: 'Legacy sync', level: 'WARNING', result: 'paused; since when is unknown: status 500 Internal Server Error on /api/v3/checks/1b9d0386-d07e-44b0-8995-4a9a372de43c/flips/, expected 2xx: "could not load flips"', link: details(base, oldPause) },
        { level: 'OK', result: '1 check up, 1 paused (Legacy sync)' },
      ],
    },
    {
      name: 'new checks (never pinged) are counted; more than five paused are named five and counted',
      fixture: {
        checks: [
          { ...up('Fresh', 1), status: 'new', last_ping: null },
          ...['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((name, index) => ({ ...up(name, index + 10), status: 'paused', last_ping: ago(HOUR) })),
        ],
      },
      expected: () => [{ level: 'OK', result: '1 check new, 7 paused (A, B, C, D, E and 2 more)' }],
    },
    {
      name: 'a status Backstop does not know is a WARNING naming it',
      fixture: { checks: [{ ...up('Web', 1), status: 'started' }] },
      expected: (base) => [
        { metric: 'Web', level: 'WARNING', result: 'status "started", which Backstop does not know (expected up, grace, down, new or paused)', link: `${base}/checks/00000000-0000-4000-8000-000000000001/details/` },
        { level: 'OK', result: '1 check in another state' },
      ],
    },
    {
      name: 'an unnamed check goes by its slug',
      fixture: { checks: [{ ...backup, name: '', slug: 'db-backup' }] },
      expected: (base) => [
        { metric: 'db-backup', level: 'ERROR', result: 'down, last ping 3 days ago (every 1d, grace 1h)', link: details(base, backup) },
        { level: 'OK', result: '1 check down' },
      ],
    },
    {
      name: 'a Healthchecks under a path prefix: the API and the links keep it',
      fixture: { checks: [backup], prefix: '/hc' },
      expected: (base) => [
        { metric: 'DB backup', level: 'ERROR', result: 'down, last ping 3 days ago (every 1d, grace 1h)', link: `${base}/checks/${backup.uuid}/details/` },
        { level: 'OK', result: '1 check down' },
      ],
    },
    {
      name: 'an empty project is an ERROR: nothing is being watched',
      fixture: { checks: [] },
      expected: () => [{ level: 'ERROR', result: 'no checks in this project: is `apiKey` the key of the project you mean?' }],
    },
    {
      name: 'a refused key is an ERROR naming `apiKey` and what Healthchecks said',
      fixture: { checks: [backup] },
      params: { apiKey: 'expired-key' },
      expected: () => [{ level: 'ERROR', result: 'status 401 Unauthorized on /api/v3/checks/: check `apiKey` ("wrong api key")' }],
    },
  ])('$name', async ({ fixture, params, expected }) => {
    const { statuses, base } = await run(fixture, params);
    expect(statuses).toEqual(expected(base));
  });

  it('with a read-only key, rows link through /cloaked/<unique_key>/ and flips are asked by unique_key', async () => {
    const { statuses, base } = await run({ checks: [backup, oldPause] }, { apiKey: 'ro-key' });
    expect(statuses).toEqual([
      { metric: 'DB backup', level: 'ERROR', result: 'down, last ping 3 days ago (every 1d, grace 1h)', link: `${base}/cloaked/${uniqueKey(backup.uuid)}/` },
      { metric: 'Legacy sync', level: 'WARNING', result: 'paused for 23 days (warn > 7d)', link: `${base}/cloaked/${uniqueKey(oldPause.uuid)}/` },
      { level: 'OK', result: '1 check down, 1 paused (Legacy sync)' },
    ]);
    expect(server!.requests.map((request) => request.path)).toEqual(['/api/v3/checks/', `/api/v3/checks/${uniqueKey(oldPause.uuid)}/flips/`]);
  });

  it('sends the key in X-Api-Key, and asks for flips only where the last ping cannot prove the pause is recent', async () => {
    const pausedAfterRecentPing: StandInCheck = { ...oldPause, name: 'Quiet', uuid: '11111111-2222-4333-8444-555555555555', last_ping: ago(3 * DAY) };
    await run({ checks: [oldPause, pausedAfterRecentPing, recentPause] });
    const [list, ...flips] = server!.requests.map((request) => [request.path, request.headers['x-api-key']]);
    expect(list).toEqual(['/api/v3/checks/', 'rw-key']);
    // Asked at once, so in any order.
    expect(flips.sort()).toEqual([
      [`/api/v3/checks/${oldPause.uuid}/flips/`, 'rw-key'],
      [`/api/v3/checks/${recentPause.uuid}/flips/`, 'rw-key'],
    ].sort());
  });

  it('a large project comes in one answer (the API does not paginate): every check counted, every problem a row', async () => {
    const checks = Array.from({ length: 3000 }, (_, index) => (index % 1000 === 999 ? { ...up(`job ${index}`, index), status: 'down' } : up(`job ${index}`, index)));
    const { statuses } = await run({ checks });
    expect(statuses.map((status) => [status.metric, status.level])).toEqual([['job 999', 'ERROR'], ['job 1999', 'ERROR'], ['job 2999', 'ERROR'], [undefined, 'OK']]);
    expect(statuses.at(-1)!.result).toBe('2997 checks up, 3 down');
  });

  it('an answer of another shape is an ERROR naming the field', async () => {
    server = await startLoopback({ '/api/v3/checks/': { body: { checks: [{ ...backup, grace: 3600 }, { name: 'x', uuid: 'u', status: 42, last_ping: null, grace: 60 }] } } });
    expect(await runCheck(healthchecks, { url: server.url(''), apiKey: 'k' }, { now: () => NOW })).toEqual([
      { level: 'ERROR', result: 'status 200 OK on /api/v3/checks/, but `checks[1].status` is 42, expected text' },
    ]);
  });

  it('a check with neither `uuid` nor `unique_key` is an ERROR saying which is expected', async () => {
    server = await startLoopback({ '/api/v3/checks/': { body: { checks: [{ name: 'x', status: 'up', last_ping: null, grace: 60 }] } } });
    expect(await runCheck(healthchecks, { url: server.url(''), apiKey: 'k' }, { now: () => NOW })).toEqual([
      { level: 'ERROR', result: 'status 200 OK on /api/v3/checks/, but `checks[0].uuid` is nothing (the field is missing): expected `uuid` (or `unique_key`, with a read-only key)' },
    ]);
  });

  it('Healthchecks down: the connection failure, with its code and address', async () => {
    server = await startHealthchecks({ checks: [] });
    const base = server.url('');
    await server.close();
    server = undefined;
    const [status] = await runCheck(healthchecks, { url: base, apiKey: 'k' }, { now: () => NOW });
    expect(status).toEqual({ level: 'ERROR', result: `connection refused (ECONNREFUSED ${new URL(base).host})` });
  });

  it('over HTTPS with an internal CA: trusted through `ca`, refused without it', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'backstop-hc-'));
    const ca = createCa({ commonName: 'Ops CA' });
    writeFileSync(join(configDir, 'ops-ca.pem'), ca.certPem);
    const https = await startHttpsServer(createLeaf(ca), healthchecksHandler({ checks: [backup] }));
    try {
      const params = { url: https.url, apiKey: 'rw-key' };
      expect(await runCheck(healthchecks, { ...params, ca: 'ops-ca.pem' }, { now: () => NOW, configDir })).toEqual([
        { metric: 'DB backup', level: 'ERROR', result: 'down, last ping 3 days ago (every 1d, grace 1h)', link: `${https.url}/checks/${backup.uuid}/details/` },
        { level: 'OK', result: '1 check down' },
      ]);
      expect(await runCheck(healthchecks, params, { now: () => NOW, configDir })).toEqual([
        { level: 'ERROR', result: 'TLS: unable to verify the first certificate (is the intermediate certificate missing?)' },
      ]);
    } finally {
      await https.close();
    }
  });
});

describe('healthchecks config', () => {
  const load = (resource: Record<string, unknown>, env: Record<string, string> = {}) =>
    parseConfig(JSON.stringify({ resources: [{ name: 'Cron jobs', type: 'healthchecks', ...resource }] }), '/etc/backstop/backstop.json', env);

  it('defaults to healthchecks.io, 7 days and verified TLS; links to the site without a `link`, so validate does not ask for one', async () => {
    const config = await load({ apiKey: '${HC_API_KEY}' }, { HC_API_KEY: 'secret' });
    expect(config.issues).toEqual([]);
    expect(config.resources[0]).toMatchObject({ ok: true, link: 'https://healthchecks.io/', params: { url: 'https://healthchecks.io', apiKey: 'secret', pausedWarnAfter: 7 * DAY, insecure: false } });
  });

  it('a `link` given is kept', async () => {
    expect((await load({ apiKey: 'k', link: 'https://wiki.example.com/cron' })).resources[0]).toMatchObject({ link: 'https://wiki.example.com/cron' });
  });

  it.each([
    ['no `apiKey`', {}, 'resource `Cron jobs` (healthchecks): `apiKey` is required'],
    ['an empty `apiKey` (a variable set to "")', { apiKey: '' }, 'resource `Cron jobs` (healthchecks): `apiKey` must be the project\'s API key, like "${HC_API_KEY}", got ""'],
    ['a `pausedWarnAfter` without a unit', { apiKey: 'k', pausedWarnAfter: '7' }, 'resource `Cron jobs` (healthchecks): `pausedWarnAfter` must be a duration like "7d", got "7"'],
    ['a `url` that is not http(s)', { apiKey: 'k', url: 'hc.example.com' }, 'resource `Cron jobs` (healthchecks): `url` must be an http or https URL like "https://example.com/health", got "hc.example.com"'],
  ])('refuses %s at load', async (_name, resource, message) => {
    expect((await load(resource)).issues.filter((issue) => issue.severity === 'error').map((issue) => issue.message)).toEqual([message]);
  });
});
