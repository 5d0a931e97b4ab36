/**
 * `uptime-kuma` against a stand-in for a status page's public API on 127.0.0.1
 * (test/servers/uptime-kuma.ts, shapes from Uptime Kuma's source).
 */
import { afterEach, describe, expect, it } from 'vitest';
import uptimeKuma from '../../../main/checks/uptime-kuma/index.js';
import type { CheckStatus } from '../../../main/checks/types.js';
import { parseConfig } from '../../../main/engine/config.js';
import { runCheck } from '../../helpers/context.js';
import { startHttpServer, type TestHttpServer } from '../../servers/http.js';
import { startLoopback } from '../../servers/routes.js';
import { startUptimeKuma, uptimeKumaHandler, type StandInMonitor, type UptimeKumaFixture } from '../../servers/uptime-kuma.js';

const NOW = new Date('2026-11-26T04:00:00Z');
const MINUTE = 60_000;
const [DOWN, UP, PENDING, MAINTENANCE] = [0, 1, 2, 3];

/** Heartbeats up to NOW, oldest first: `[status, how many]` runs, one a minute (or every `interval` minutes). */
function beats(...runs: [status: number, count: number][]): StandInMonitor['heartbeats'] {
  return beatsEvery(1, ...runs);
}

function beatsEvery(interval: number, ...runs: [status: number, count: number][]): StandInMonitor['heartbeats'] {
  const statuses = runs.flatMap(([status, count]) => Array.from({ length: count }, () => status));
  return statuses.map((status, index) => ({ status, time: new Date(NOW.getTime() - (statuses.length - 1 - index) * interval * MINUTE) }));
}

const web: StandInMonitor = { id: 1, name: 'Web', heartbeats: beats([UP, 60]), uptime24: 1 };
/** Down since 120 minutes ago, checked every 2 minutes. */
const nas: StandInMonitor = { id: 2, name: 'NAS', heartbeats: beatsEvery(2, [UP, 20], [DOWN, 61]), uptime24: 0.9167 };
const vpn: StandInMonitor = { id: 3, name: 'VPN', heartbeats: beats([UP, 30], [PENDING, 4]), uptime24: 0.999 };
const printer: StandInMonitor = { id: 4, name: 'Printer', heartbeats: beats([UP, 30], [MAINTENANCE, 10]) };
const dns: StandInMonitor = { id: 5, name: 'DNS', heartbeats: beats([UP, 20]) };

let server: TestHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function run(fixture: UptimeKumaFixture, params: Record<string, unknown> = {}): Promise<{ statuses: CheckStatus[]; base: string }> {
  server = await startUptimeKuma(fixture);
  const base = server.url('');
  return { statuses: await runCheck(uptimeKuma, { url: base, slug: 'homelab', ...params }, { now: () => NOW }), base };
}

describe('uptime-kuma', () => {
  it.each<{ name: string; fixture: UptimeKumaFixture; params?: Record<string, unknown>; expected: (base: string) => CheckStatus[] }>([
    {
      name: 'all up: one OK line counting the monitors',
      fixture: { slug: 'homelab', groups: [{ name: 'Services', monitors: [web, dns] }] },
      expected: () => [{ level: 'OK', result: '2 monitors up' }],
    },
    {
      name: 'down is an ERROR and pending a WARNING, with how long and the 24-hour uptime, linked to the monitor; maintenance is named in the summary',
      fixture: { slug: 'homelab', groups: [{ name: 'Services', monitors: [web, nas] }, { name: 'Network', monitors: [vpn, printer] }] },
      expected: (base) => [
        { metric: 'NAS', level: 'ERROR', result: 'down for 2 hours (24-hour uptime 91.67%)', link: `${base}/dashboard/2` },
        { metric: 'VPN', level: 'WARNING', result: 'pending for 3 minutes (24-hour uptime 99.9%)', link: `${base}/dashboard/3` },
        { level: 'OK', result: '1 monitor up, 1 pending, 1 down, 1 in maintenance (Printer)' },
      ],
    },
    {
      name: 'down in every heartbeat Kuma sends (its last 100): down for at least that long',
      fixture: { slug: 'homelab', groups: [{ name: 'Services', monitors: [{ id: 9, name: 'Backup target', heartbeats: beats([UP, 50], [DOWN, 500]) }] }] },
      expected: (base) => [
        { metric: 'Backup target', level: 'ERROR', result: 'down for at least 99 minutes', link: `${base}/dashboard/9` },
        { level: 'OK', result: '1 monitor down' },
      ],
    },
    {
      name: 'a monitor without heartbeats is a WARNING (paused or never run); an unknown status a WARNING naming it',
      fixture: { slug: 'homelab', groups: [{ name: 'Services', monitors: [web, { id: 6, name: 'Old host', heartbeats: [] }, { id: 7, name: 'Odd', heartbeats: beats([7, 1]) }] }] },
      expected: (base) => [
        { metric: 'Old host', level: 'WARNING', result: 'no heartbeat recorded: paused, or never run?', link: `${base}/dashboard/6` },
        { metric: 'Odd', level: 'WARNING', result: 'status 7, which Backstop does not know (expected 0 down, 1 up, 2 pending or 3 maintenance)', link: `${base}/dashboard/7` },
        { level: 'OK', result: '1 monitor up, 1 in another state, 1 without heartbeats' },
      ],
    },
    {
      name: 'posted incidents: danger is an ERROR, warning a WARNING, linked to the status page; other styles are named in the summary',
      fixture: {
        slug: 'homelab',
        groups: [{ name: 'Services', monitors: [web] }],
        incidents: [
          { title: 'Fibre cut', content: 'The provider is **on it**; ETA tonight.', style: 'danger' },
          { title: 'Slow backups', content: null, style: 'warning' },
          { title: 'New NAS on Saturday', content: 'Expect a short outage.', style: 'info' },
        ],
      },
      expected: (base) => [
        { metric: 'incident: Fibre cut', level: 'ERROR', result: 'posted: "The provider is **on it**; ETA tonight."', link: `${base}/status/homelab` },
        { metric: 'incident: Slow backups', level: 'WARNING', result: 'posted on the status page', link: `${base}/status/homelab` },
        { level: 'OK', result: '1 monitor up; posted: New NAS on Saturday' },
      ],
    },
    {
      name: 'an Uptime Kuma before 2.1 (one `incident`) is read too',
      fixture: { slug: 'homelab', legacy: true, groups: [{ name: 'Services', monitors: [web] }], incidents: [{ title: 'Fibre cut', content: null, style: 'danger' }] },
      expected: (base) => [
        { metric: 'incident: Fibre cut', level: 'ERROR', result: 'posted on the status page', link: `${base}/status/homelab` },
        { level: 'OK', result: '1 monitor up' },
      ],
    },
    {
      name: 'a monitor shown in two groups is counted once',
      fixture: { slug: 'homelab', groups: [{ name: 'Services', monitors: [web, nas] }, { name: 'Storage', monitors: [nas] }] },
      expected: (base) => [
        { metric: 'NAS', level: 'ERROR', result: 'down for 2 hours (24-hour uptime 91.67%)', link: `${base}/dashboard/2` },
        { level: 'OK', result: '1 monitor up, 1 down' },
      ],
    },
    {
      name: 'a status page without monitors is an ERROR: nothing is being watched',
      fixture: { slug: 'homelab', groups: [{ name: 'Services', monitors: [] }] },
      expected: () => [{ level: 'ERROR', result: 'status page `homelab` shows no monitors: add them to the page in Uptime Kuma' }],
    },
    {
      name: 'an unknown slug is an ERROR saying to check `slug`',
      fixture: { slug: 'homelab', groups: [{ name: 'Services', monitors: [web] }] },
      params: { slug: 'home-lab' },
      expected: () => [{ level: 'ERROR', result: 'status 404 Not Found on /api/status-page/home-lab, expected 2xx: "Status Page Not Found": check `slug`' }],
    },
  ])('$name', async ({ fixture, params, expected }) => {
    const { statuses, base } = await run(fixture, params);
    expect(statuses).toEqual(expected(base));
  });

  it('asks for the page and its heartbeats under the base URL\'s path', async () => {
    const handle = uptimeKumaHandler({ slug: 'homelab', groups: [{ name: 'Services', monitors: [web] }] });
    server = await startHttpServer((url, request, response) => {
      request.url = url.pathname.replace(/^\/kuma/, '');
      handle(request, response);
    });
    const base = server.url('/kuma');
    expect(await runCheck(uptimeKuma, { url: base, slug: 'homelab' }, { now: () => NOW })).toEqual([{ level: 'OK', result: '1 monitor up' }]);
    expect(server.requests.map((request) => request.path).sort()).toEqual(['/kuma/api/status-page/heartbeat/homelab', '/kuma/api/status-page/homelab']);
  });

  it('behind a proxy with a password: `user:password@` in `url` is sent, and a refusal is an ERROR naming `url`', async () => {
    const handle = uptimeKumaHandler({ slug: 'homelab', groups: [{ name: 'Services', monitors: [web] }] });
    const expected = `Basic ${Buffer.from('backstop:s3cret').toString('base64')}`;
    server = await startHttpServer((_url, request, response) => {
      if (request.headers.authorization !== expected) return void response.writeHead(401, { 'www-authenticate': 'Basic realm="kuma"', 'content-type': 'text/html' }).end('<html><title>401 Authorization Required</title></html>');
      handle(request, response);
    });
    const withPassword = server.url('').replace('http://', 'http://backstop:s3cret@');
    expect(await runCheck(uptimeKuma, { url: withPassword, slug: 'homelab' }, { now: () => NOW })).toEqual([{ level: 'OK', result: '1 monitor up' }]);
    const wrong = server.url('').replace('http://', 'http://backstop:wrong@');
    expect(await runCheck(uptimeKuma, { url: wrong, slug: 'homelab' }, { now: () => NOW })).toEqual([
      { level: 'ERROR', result: 'status 401 Unauthorized on /api/status-page/homelab: check `url` ("401 Authorization Required")' },
    ]);
  });

  it('an answer of another shape is an ERROR naming the field', async () => {
    server = await startLoopback({
      '/api/status-page/homelab': { body: { publicGroupList: [{ name: 'Services', monitorList: [{ id: '1', name: 'Web' }] }] } },
      '/api/status-page/heartbeat/homelab': { body: { heartbeatList: {}, uptimeList: {} } },
    });
    expect(await runCheck(uptimeKuma, { url: server.url(''), slug: 'homelab' }, { now: () => NOW })).toEqual([
      { level: 'ERROR', result: 'status 200 OK on /api/status-page/homelab, but `publicGroupList[0].monitorList[0].id` is "1", expected a number' },
    ]);
  });

  it('heartbeats of another shape are an ERROR naming the field', async () => {
    server = await startLoopback({
      '/api/status-page/homelab': { body: { publicGroupList: [{ name: 'Services', monitorList: [{ id: 1, name: 'Web' }] }] } },
      '/api/status-page/heartbeat/homelab': { body: { heartbeatList: { 1: [{ status: 'up', time: '2026-11-26 03:59:00.000' }] } } },
    });
    expect(await runCheck(uptimeKuma, { url: server.url(''), slug: 'homelab' }, { now: () => NOW })).toEqual([
      { level: 'ERROR', result: 'status 200 OK on /api/status-page/heartbeat/homelab, but `heartbeatList.1[0].status` is "up", expected a number' },
    ]);
  });

  it('Uptime Kuma down: the connection failure, with its code and address', async () => {
    server = await startUptimeKuma({ slug: 'homelab', groups: [] });
    const base = server.url('');
    await server.close();
    server = undefined;
    expect(await runCheck(uptimeKuma, { url: base, slug: 'homelab' }, { now: () => NOW })).toEqual([
      { level: 'ERROR', result: `connection refused (ECONNREFUSED ${new URL(base).host})` },
    ]);
  });

  it('reads a heartbeat time written with a zone too', async () => {
    server = await startLoopback({
      '/api/status-page/homelab': { body: { publicGroupList: [{ name: 'Services', monitorList: [{ id: 1, name: 'Web' }] }] } },
      '/api/status-page/heartbeat/homelab': { body: { heartbeatList: { 1: [{ status: 1, time: '2026-11-26T01:00:00Z' }, { status: 0, time: '2026-11-26T02:00:00.000Z' }] } } },
    });
    expect(await runCheck(uptimeKuma, { url: server.url(''), slug: 'homelab' }, { now: () => NOW })).toEqual([
      { metric: 'Web', level: 'ERROR', result: 'down for 2 hours', link: server.url('/dashboard/1') },
      { level: 'OK', result: '1 monitor down' },
    ]);
  });
});

describe('uptime-kuma config', () => {
  const load = (resource: Record<string, unknown>) => parseConfig(JSON.stringify({ resources: [{ name: 'Home lab', type: 'uptime-kuma', ...resource }] }), '/etc/backstop/backstop.json', {});

  it('links to the status page without a `link`, so validate does not ask for one', async () => {
    const config = await load({ url: 'https://kuma.example.com/', slug: 'homelab' });
    expect(config.issues).toEqual([]);
    expect(config.resources[0]).toMatchObject({ ok: true, link: 'https://kuma.example.com/status/homelab' });
  });

  it.each([
    ['a slug with a slash (the whole address pasted)', { url: 'https://kuma.example.com', slug: 'status/homelab' }, 'resource `Home lab` (uptime-kuma): `slug` must be the status page\'s slug, like "homelab" (the end of its address, /status/homelab), got "status/homelab"'],
    ['no `url`', { slug: 'homelab' }, 'resource `Home lab` (uptime-kuma): `url` is required'],
  ])('refuses %s at load', async (_name, resource, message) => {
    expect((await load(resource)).issues.filter((issue) => issue.severity === 'error').map((issue) => issue.message)).toEqual([message]);
  });
});

