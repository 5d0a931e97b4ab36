/**
 * `alertmanager` against a loopback Alertmanager (./stand-in.ts): firing alerts as rows at
 * their severity's level, linked to where they come from, the silences about to end in the
 * summary, and every way the tool itself fails as one ERROR row.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import alertmanager from '../../../main/checks/alertmanager/index.js';
import { parseConfig } from '../../../main/engine/config.js';
import { runCheck } from '../../helpers/context.js';
import type { TestHttpServer } from '../../servers/http.js';
import { closedPort } from '../../servers/smtp.js';
import { startAlertmanager, type AlertmanagerState, type StandInAlert, type StandInSilence } from './stand-in.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const HOUR = 3_600_000;
const ago = (hours: number) => new Date(NOW.getTime() - hours * HOUR).toISOString();
const ahead = (hours: number) => new Date(NOW.getTime() + hours * HOUR).toISOString();

const diskFull: StandInAlert = {
  labels: { alertname: 'DiskFull', instance: 'db-1:9100', severity: 'critical', job: 'node' },
  annotations: { summary: 'Disk / on db-1 is 97% full', description: 'Less than 3% left.' },
  generatorURL: 'http://prometheus.example.com/graph?g0.expr=disk_free&g0.tab=1',
  startsAt: ago(50),
};
const slowQueries: StandInAlert = {
  labels: { alertname: 'SlowQueries', instance: 'db-1:9187', severity: 'warning' },
  annotations: { description: 'p99 above 2s\nfor 10 minutes' },
  generatorURL: 'http://prometheus.example.com/graph?g0.expr=slow',
  startsAt: ago(3),
};
const watchdog: StandInAlert = {
  labels: { alertname: 'Watchdog', severity: 'none' },
  annotations: { summary: 'The alerting pipeline works' },
  generatorURL: 'http://prometheus.example.com/graph?g0.expr=vector%281%29',
  startsAt: ago(24 * 30),
};
const pushed: StandInAlert = {
  // Sent by a script, not Prometheus: no severity, no summary, no generatorURL.
  labels: { alertname: 'BackupMissing', host: 'nas' },
  startsAt: ago(1),
};
const silenced: StandInAlert = { labels: { alertname: 'Silenced', severity: 'critical' }, startsAt: ago(5), silencedBy: ['s-1'] };
const inhibited: StandInAlert = { labels: { alertname: 'Inhibited', severity: 'critical' }, startsAt: ago(5), inhibitedBy: ['fp'] };
const mutedByInterval: StandInAlert = { labels: { alertname: 'Muted', severity: 'critical' }, startsAt: ago(5), muted: true };

const endingSoon: StandInSilence = {
  id: '4fd3c3b4-2a2c-4d8f-9f1e-5c6e2a1f0b7d',
  state: 'active',
  matchers: [
    { name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true },
    { name: 'instance', value: 'db-.*', isRegex: true },
  ],
  startsAt: ago(20),
  endsAt: ahead(5),
  createdBy: 'alice',
  comment: 'Migrating the database',
};
const endingLater: StandInSilence = { ...endingSoon, id: 'b-later', endsAt: ahead(24 * 7), comment: 'Lab rack', matchers: [{ name: 'rack', value: 'lab', isRegex: false }] };
const expired: StandInSilence = { ...endingSoon, id: 'c-expired', state: 'expired', endsAt: ago(2), comment: 'old' };
const pending: StandInSilence = { ...endingSoon, id: 'd-pending', state: 'pending', startsAt: ahead(2), endsAt: ahead(4), comment: 'tonight' };

let state: AlertmanagerState;
let server: TestHttpServer;

beforeAll(async () => {
  state = { alerts: [], silences: [] };
  server = await startAlertmanager(state);
});
afterAll(() => server.close());
beforeEach(() => {
  state.alerts = [diskFull, slowQueries, watchdog, pushed, silenced, inhibited, mutedByInterval];
  state.silences = [endingSoon, endingLater, expired, pending];
  delete state.authorization;
  delete state.override;
});

const base = () => server.url('/am');
const run = (params: Record<string, unknown> = {}) => runCheck(alertmanager, { url: base(), ...params }, { now: () => NOW });

describe('alertmanager', () => {
  it('lists every firing alert at its severity\'s level, linked to where it comes from, after one OK summary', async () => {
    expect(await run()).toEqual([
      {
        level: 'OK',
        result:
          '4 alerts firing (1 error, 2 warnings, 1 OK); 2 active silences, 1 ending in the next 24 hours: "Migrating the database" (alertname="DiskFull", instance=~"db-.*", by alice) ends in 5 hours (2026-11-25 17:00)',
        link: `${base()}/#/silences/4fd3c3b4-2a2c-4d8f-9f1e-5c6e2a1f0b7d`,
      },
      { metric: 'DiskFull db-1:9100', level: 'ERROR', result: 'Disk / on db-1 is 97% full (firing for 2 days)', link: diskFull.generatorURL },
      { metric: 'SlowQueries db-1:9187', level: 'WARNING', result: 'p99 above 2s for 10 minutes (firing for 3 hours)', link: slowQueries.generatorURL },
      { metric: 'Watchdog', level: 'OK', result: 'The alerting pipeline works (firing for 30 days)', link: watchdog.generatorURL },
      {
        metric: 'BackupMissing',
        level: 'WARNING',
        result: 'BackupMissing (firing for 60 minutes)',
        link: `${base()}/#/alerts?silenced=false&inhibited=false&active=true&filter=${encodeURIComponent('{alertname="BackupMissing", host="nas"}')}`,
      },
    ]);
  });

  it('asks only for alerts that reach someone: active, not silenced, not inhibited', async () => {
    await run();
    const asked = server.requests.find((request) => request.url.pathname === '/am/api/v2/alerts')!.url.searchParams;
    expect({ active: asked.get('active'), silenced: asked.get('silenced'), inhibited: asked.get('inhibited') }).toEqual({ active: 'true', silenced: 'false', inhibited: 'false' });
  });

  it('leaves out an alert the answer marks suppressed (muted by a time interval), even if the filters let it through', async () => {
    state.alerts = [mutedByInterval];
    expect(await run()).toEqual([expect.objectContaining({ level: 'OK', result: expect.stringMatching(/^no alerts firing; /) })]);
  });

  it.each<[string, Record<string, unknown>, Record<string, string>]>([
    ['`severities` adds a level and overrides a default', { severities: { None: 'WARNING', major: 'ERROR' } }, { Watchdog: 'WARNING', BackupMissing: 'WARNING' }],
    ['`defaultLevel` for alerts without a known severity', { defaultLevel: 'ERROR' }, { Watchdog: 'OK', BackupMissing: 'ERROR' }],
    ['`severityLabel` reads another label', { severityLabel: 'priority', defaultLevel: 'OK' }, { DiskFull: 'OK', Watchdog: 'OK' }],
  ])('%s', async (_name, params, levels) => {
    const rows = await run(params);
    for (const [alertname, level] of Object.entries(levels)) {
      expect(rows.find((row) => row.metric?.startsWith(alertname))?.level, alertname).toBe(level);
    }
  });

  it('names rows with `nameTemplate`, and tells apart alerts that would share a name by their labels', async () => {
    state.alerts = [
      { labels: { alertname: 'DiskFull', instance: 'db-1', mountpoint: '/' }, startsAt: ago(1) },
      { labels: { alertname: 'DiskFull', instance: 'db-1', mountpoint: '/var' }, startsAt: ago(1) },
      { labels: { alertname: 'DiskFull', instance: 'db-2', mountpoint: '/' }, startsAt: ago(1) },
    ];
    const rows = await run({ nameTemplate: '{{instance}}: {{alertname}}' });
    expect(rows.slice(1).map((row) => row.metric)).toEqual(['db-1: DiskFull {mountpoint="/"}', 'db-1: DiskFull {mountpoint="/var"}', 'db-2: DiskFull']);
  });

  it('links each alert through `linkTemplate`: labels and annotations, URL-encoded, a leading placeholder as the address, and the generatorURL where it gives none', async () => {
    state.alerts = [
      { ...diskFull, annotations: { ...diskFull.annotations, runbook_url: 'https://wiki.example.com/runbooks/disk-full' } },
      { ...slowQueries, annotations: { description: 'slow' } },
    ];
    const runbook = await run({ linkTemplate: '{{runbook_url}}' });
    // An alert without the annotation keeps its generatorURL.
    expect(runbook.slice(1).map((row) => row.link)).toEqual(['https://wiki.example.com/runbooks/disk-full', slowQueries.generatorURL]);
    const templated = await run({ linkTemplate: 'https://grafana.example.com/d/db?var-instance={{instance}}&alert={{alertname}}' });
    expect(templated[1]?.link).toBe('https://grafana.example.com/d/db?var-instance=db-1%3A9100&alert=DiskFull');
  });

  it('passes `filter` and `receiver` to the API, for alerts and silences alike', async () => {
    state.alerts = [diskFull, { ...slowQueries, labels: { ...slowQueries.labels, team: 'web' } }, { ...pushed, receiver: 'team-web' }];
    const rows = await run({ filter: ['job="node"'], receiver: 'team-infra|ops' });
    expect(rows.slice(1).map((row) => row.metric)).toEqual(['DiskFull db-1:9100']);
    for (const path of ['/am/api/v2/alerts', '/am/api/v2/silences']) {
      expect(server.requests.findLast((request) => request.url.pathname === path)?.url.searchParams.getAll('filter')).toEqual(['job="node"']);
    }
  });

  it('says when nothing fires and nothing is silenced', async () => {
    state.alerts = [];
    state.silences = [];
    expect(await run()).toEqual([{ level: 'OK', result: 'no alerts firing; 0 active silences' }]);
  });

  it('counts silences that end later, and names at most three of those ending soon', async () => {
    state.alerts = [];
    state.silences = ['a', 'b', 'c', 'd', 'e'].map((id, index) => ({ ...endingSoon, id, comment: `window ${id}`, endsAt: ahead(index + 1) }));
    const [summary] = await run();
    expect(summary?.result).toMatch(/^no alerts firing; 5 active silences, 5 ending in the next 24 hours: "window a" .* ends in 60 minutes .*; "window b" .*; "window c" .*; and 2 more$/);
    expect(summary?.link).toBe(`${base()}/#/silences`);
  });

  it('`silencesEndingWithin` widens the window', async () => {
    state.alerts = [];
    const [summary] = await run({ silencesEndingWithin: '8d' });
    expect(summary?.result).toMatch(/^no alerts firing; 2 active silences, 2 ending in the next 8 days: "Migrating the database" .*; "Lab rack" \(rack="lab", by alice\) ends in 7 days \(2026-12-02 12:00\)$/);
  });

  it('reads a thousand alerts in one answer', async () => {
    state.alerts = Array.from({ length: 1000 }, (_unused, index) => ({
      labels: { alertname: 'TargetDown', instance: `host-${index}:9100`, job: 'node', severity: index % 10 === 0 ? 'critical' : 'warning' },
      annotations: { summary: `host-${index} is not scraped`, description: 'The target has been down for more than 5 minutes. '.repeat(4) },
      generatorURL: `http://prometheus.example.com/graph?g0.expr=up%7Binstance%3D%22host-${index}%3A9100%22%7D+%3D%3D+0&g0.tab=1`,
      startsAt: ago(2),
    }));
    const rows = await run();
    expect(rows).toHaveLength(1001);
    expect(rows[0]?.result).toMatch(/^1000 alerts firing \(100 errors, 900 warnings\); /);
    expect(rows[1000]).toMatchObject({ metric: 'TargetDown host-999:9100', level: 'WARNING', result: 'host-999 is not scraped (firing for 2 hours)' });
  });

  it('sends `headers` (basic auth) with every request', async () => {
    state.authorization = `Basic ${Buffer.from('backstop:s3cret').toString('base64')}`;
    const rows = await run({ headers: { Authorization: state.authorization } });
    expect(rows[0]?.level).toBe('OK');
  });

  it('sends the URL\'s user and password as basic auth, and never shows the password in a link', async () => {
    state.authorization = `Basic ${Buffer.from('backstop:s3cret').toString('base64')}`;
    state.alerts = [pushed];
    const url = base().replace('http://', 'http://backstop:s3cret@');
    const rows = await runCheck(alertmanager, { url }, { now: () => NOW });
    expect(rows[0]?.level).toBe('OK');
    expect(rows[1]?.link).toMatch(/^http:\/\/backstop@127\.0\.0\.1:\d+\/am\/#\/alerts\?/);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['the Authorization header', { headers: { Authorization: 'Bearer wrong' } }, 'status 401 Unauthorized on /am/api/v2/alerts: check `headers.Authorization`'],
    ['a token header', { headers: { 'X-Auth-Token': 'wrong' } }, 'status 401 Unauthorized on /am/api/v2/alerts: check `headers.X-Auth-Token`'],
    ['no credential at all', {}, 'status 401 Unauthorized on /am/api/v2/alerts: check `headers`'],
  ])('a refused credential names %s', async (_name, params, result) => {
    state.authorization = 'Bearer right';
    expect(await run(params)).toEqual([{ level: 'ERROR', result }]);
  });

  it('is one ERROR when Alertmanager is down', async () => {
    const port = await closedPort();
    expect(await runCheck(alertmanager, { url: `http://127.0.0.1:${port}` }, { now: () => NOW })).toEqual([
      { level: 'ERROR', result: `connection refused (ECONNREFUSED 127.0.0.1:${port})` },
    ]);
  });

  it.each<[string, AlertmanagerState['override'], string]>([
    [
      'an alert without labels',
      { alerts: { status: 200, body: [{ annotations: {}, startsAt: ago(1), status: { state: 'active' } }] } },
      'status 200 OK on /am/api/v2/alerts, but `[0].labels` is missing, expected an object',
    ],
    [
      'a start that is not a moment',
      { alerts: { status: 200, body: [{ labels: {}, annotations: {}, startsAt: 'yesterday', status: { state: 'active' } }] } },
      'status 200 OK on /am/api/v2/alerts, but `[0].startsAt` is "yesterday": expected a date and time',
    ],
    ['an object where the list should be', { alerts: { status: 200, body: { data: [] } } }, 'status 200 OK on /am/api/v2/alerts, but the response is an object, expected a list'],
    ['a bad filter', { alerts: { status: 400, body: 'bad matcher format: team' } }, 'status 400 Bad Request on /am/api/v2/alerts, expected 2xx: "bad matcher format: team"'],
  ])('is one ERROR naming what is wrong for %s', async (_name, override, result) => {
    state.override = override;
    expect(await run()).toEqual([{ level: 'ERROR', result }]);
  });

  it('keeps the alerts when only the silences cannot be read, and says so in the summary', async () => {
    state.alerts = [diskFull];
    state.override = { silences: { status: 500, body: 'silences: storage failure' } };
    expect(await run()).toEqual([
      { level: 'ERROR', result: '1 alert firing (1 error), but the silences cannot be read: status 500 Internal Server Error on /am/api/v2/silences, expected 2xx: "silences: storage failure"' },
      expect.objectContaining({ metric: 'DiskFull db-1:9100', level: 'ERROR' }),
    ]);
  });
});

describe('alertmanager config', () => {
  it('links a resource without `link` to Alertmanager\'s alert list, and does not ask for one', async () => {
    const config = await parseConfig(
      JSON.stringify({ resources: [{ name: 'Alerts', type: 'alertmanager', url: 'https://backstop:pw@am.example.com/prefix' }] }),
      '/etc/backstop/backstop.json',
      {},
    );
    expect(config.issues).toEqual([]);
    expect(config.resources[0]?.link).toBe('https://backstop@am.example.com/prefix/#/alerts');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a Prometheus rule template', { nameTemplate: '{{ $labels.instance }}' }, 'nameTemplate: write a label as {{instance}}, not {{ $labels.instance }}, got "{{ $labels.instance }}"'],
    ['a placeholder that is not a label name', { linkTemplate: 'https://wiki/{{alert name}}' }, 'linkTemplate: must use label placeholders like "https://wiki.example.com/runbooks/{{alertname}}": {{alert name}} is not a label name, got "https://wiki/{{alert name}}"'],
    ['an unclosed placeholder', { nameTemplate: '{{instance' }, 'nameTemplate: has a `{{` without its `}}`: write label placeholders like "{{alertname}} {{instance}}", got "{{instance"'],
    ['a level that is not one', { severities: { critical: 'FATAL' } }, 'severities.critical: must be ERROR, WARNING or OK, got "FATAL"'],
    ['a lowercase default level', { defaultLevel: 'warning' }, 'defaultLevel: must be ERROR, WARNING or OK, got "warning"'],
  ])('refuses %s at load', (_name, params, message) => {
    const parsed = alertmanager.schema.safeParse({ url: 'https://am.example.com', ...params });
    expect(parsed.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([message]);
  });
});

