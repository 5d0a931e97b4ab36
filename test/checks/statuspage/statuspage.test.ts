/**
 * `statuspage` against a stand-in for a public Atlassian Statuspage on 127.0.0.1
 * (test/servers/statuspage.ts, in the shape of Statuspage's own API reference).
 */
import { afterEach, describe, expect, it } from 'vitest';
import statuspage from '../../../main/checks/statuspage/index.js';
import type { CheckStatus } from '../../../main/checks/types.js';
import { parseConfig } from '../../../main/engine/config.js';
import { runCheck } from '../../helpers/context.js';
import type { TestHttpServer } from '../../servers/http.js';
import { startLoopback } from '../../servers/routes.js';
import { startStatuspage, type StandInComponent, type StandInIncident, type StatuspageFixture } from '../../servers/statuspage.js';

const NOW = new Date('2026-11-26T04:00:00Z');
const HOUR = 3_600_000;
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * HOUR);

const api: StandInComponent = { id: 'b13yz5g2cw10', name: 'API Requests', status: 'operational' };
const git: StandInComponent = { id: 'nctwm9tghxh6', name: 'Git Operations', status: 'operational' };
const hooks: StandInComponent = { id: '9397cnvk62zn', name: 'Webhooks', status: 'operational' };
const actions: StandInComponent = { id: 'br0l2tvcx85d', name: 'Actions', status: 'operational' };

/** A component group and its components, as Atlassian's pages have them. */
const jira: StandInComponent[] = [
  { id: 'g1', name: 'Jira', status: 'partial_outage', group: true },
  { id: 'c1', name: 'Authentication', status: 'partial_outage', group_id: 'g1', updated_at: hoursAgo(2) },
  { id: 'c2', name: 'Search', status: 'operational', group_id: 'g1' },
];

const outage: StandInIncident = {
  id: 'cp306tmzcl0y',
  name: 'Unplanned Database Outage',
  status: 'identified',
  impact: 'critical',
  created_at: hoursAgo(3),
  updates: [
    { body: 'We found the cause and are restoring the primary database. Next update within 30 minutes.', created_at: hoursAgo(1) },
    { body: 'We are investigating elevated error rates.', created_at: hoursAgo(3) },
  ],
  components: [api.id],
};
const slowHooks: StandInIncident = { id: 'k7g299zl765l', name: 'Delayed webhook deliveries', status: 'monitoring', impact: 'minor', created_at: hoursAgo(26), updates: [], components: [hooks.id] };

let server: TestHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function run(fixture: StatuspageFixture, params: Record<string, unknown> = {}): Promise<CheckStatus[]> {
  server = await startStatuspage(fixture);
  return runCheck(statuspage, { url: server.url(''), ...params }, { now: () => NOW });
}

describe('statuspage', () => {
  it.each<{ name: string; fixture: StatuspageFixture; params?: Record<string, unknown>; expected: CheckStatus[] }>([
    {
      name: 'all operational: one OK line counting the components',
      fixture: { name: 'GitHub', components: [api, git, hooks] },
      expected: [{ level: 'OK', result: '3 components operational' }],
    },
    {
      name: 'degraded performance is a WARNING, partial and major outages ERRORs, with when they were last updated; maintenance is named in the summary',
      fixture: {
        name: 'GitHub',
        components: [
          { ...api, status: 'partial_outage', updated_at: hoursAgo(2) },
          { ...git, status: 'major_outage', updated_at: hoursAgo(5) },
          { ...hooks, status: 'degraded_performance', updated_at: hoursAgo(1) },
          { ...actions, status: 'under_maintenance' },
          { id: 'pages', name: 'Pages', status: 'operational' },
        ],
        maintenances: [
          { name: 'Actions runner upgrade', status: 'in_progress' },
          { name: 'Next week\'s database move', status: 'scheduled' },
        ],
      },
      expected: [
        { metric: 'API Requests', level: 'ERROR', result: 'partial outage (updated 2 hours ago)' },
        { metric: 'Git Operations', level: 'ERROR', result: 'major outage (updated 5 hours ago)' },
        { metric: 'Webhooks', level: 'WARNING', result: 'degraded performance (updated 60 minutes ago)' },
        { level: 'OK', result: '1 component operational, 1 with degraded performance, 1 with partial outage, 1 with major outage, 1 under maintenance (Actions); maintenance in progress: Actions runner upgrade' },
      ],
    },
    {
      name: 'open incidents are rows linked to their shortlink: critical and major are ERRORs, minor and none WARNINGs, with the latest update',
      fixture: { name: 'GitHub', components: [api, git, hooks], incidents: [outage, slowHooks] },
      expected: [
        {
          metric: 'incident: Unplanned Database Outage',
          level: 'ERROR',
          result: 'identified, critical impact, opened 3 hours ago: "We found the cause and are restoring the primary database. Next update within 30…"',
          link: 'https://stspg.io/cp306tmzcl0y',
        },
        { metric: 'incident: Delayed webhook deliveries', level: 'WARNING', result: 'monitoring, minor impact, opened 26 hours ago', link: 'https://stspg.io/k7g299zl765l' },
        { level: 'OK', result: '3 components operational' },
      ],
    },
    {
      name: 'an incident without a shortlink links to the status page (the resource\'s link)',
      fixture: { name: 'GitHub', components: [api], incidents: [{ ...slowHooks, components: [], shortlink: null }] },
      expected: [
        { metric: 'incident: Delayed webhook deliveries', level: 'WARNING', result: 'monitoring, minor impact, opened 26 hours ago' },
        { level: 'OK', result: '1 component operational' },
      ],
    },
    {
      name: 'components in a group are named with it; the group itself is not counted',
      fixture: {
        name: 'Atlassian',
        components: [
          ...jira,
          { id: 'c3', name: 'Status page', status: 'operational' },
        ],
      },
      expected: [
        { metric: 'Jira / Authentication', level: 'ERROR', result: 'partial outage (updated 2 hours ago)' },
        { level: 'OK', result: '2 components operational, 1 with partial outage' },
      ],
    },
    {
      name: '`components` keeps only those named (any case; a group\'s name stands for its components) and the incidents that concern them or name none',
      fixture: {
        name: 'Atlassian',
        components: [
          ...jira,
          { ...hooks, status: 'major_outage' },
          api,
        ],
        incidents: [
          { ...outage, components: ['c1'] },
          { ...slowHooks, components: [hooks.id] },
          { ...slowHooks, id: 'x1', name: 'Investigating reports', components: [] },
        ],
      },
      params: { components: ['jira', 'API Requests'] },
      expected: [
        { metric: 'Jira / Authentication', level: 'ERROR', result: 'partial outage (updated 2 hours ago)' },
        {
          metric: 'incident: Unplanned Database Outage',
          level: 'ERROR',
          result: 'identified, critical impact, opened 3 hours ago: "We found the cause and are restoring the primary database. Next update within 30…"',
          link: 'https://stspg.io/cp306tmzcl0y',
        },
        { metric: 'incident: Investigating reports', level: 'WARNING', result: 'monitoring, minor impact, opened 26 hours ago', link: 'https://stspg.io/x1' },
        { level: 'OK', result: '2 components operational, 1 with partial outage' },
      ],
    },
    {
      name: 'a name in `components` the page does not have is an ERROR listing the names it has',
      fixture: { name: 'GitHub', components: [api, git, hooks] },
      params: { components: ['API Requests', 'Git operatons', 'Copilot'] },
      expected: [{ level: 'ERROR', result: '`components`: GitHub has no component "Git operatons", "Copilot"; it has API Requests, Git Operations, Webhooks' }],
    },
    {
      name: 'a component status Backstop does not know is a WARNING naming it',
      fixture: { name: 'GitHub', components: [{ ...api, status: 'minor_outage' }] },
      expected: [
        { metric: 'API Requests', level: 'WARNING', result: 'status "minor_outage", which Backstop does not know (expected operational, degraded_performance, partial_outage, major_outage or under_maintenance)' },
        { level: 'OK', result: '1 component in another state' },
      ],
    },
    {
      name: 'a page without components is an ERROR: nothing is being watched',
      fixture: { name: 'GitHub', components: [] },
      expected: [{ level: 'ERROR', result: 'GitHub lists no components: is `url` the status page you mean?' }],
    },
  ])('$name', async ({ fixture, params, expected }) => {
    expect(await run(fixture, params)).toEqual(expected);
  });

  it('on a page with hundreds of components, a wrong name lists the first 30 and counts the rest', async () => {
    const components = Array.from({ length: 300 }, (_, index) => ({ id: `c${index}`, name: `Region ${index}`, status: 'operational' }));
    const [status] = await run({ name: 'Cloud', components }, { components: ['Region 999'] });
    expect(status).toEqual({
      level: 'ERROR',
      result: `\`components\`: Cloud has no component "Region 999"; it has ${components.slice(0, 30).map((component) => component.name).join(', ')} and 270 more`,
    });
    expect((await run({ name: 'Cloud', components }))[0]).toEqual({ level: 'OK', result: '300 components operational' });
  });

  it('not a Statuspage (a 404 page) is an ERROR with the page\'s words', async () => {
    server = await startLoopback({});
    expect(await runCheck(statuspage, { url: server.url('') }, { now: () => NOW })).toEqual([{ level: 'ERROR', result: 'status 404 Not Found on /api/v2/summary.json, expected 2xx: "no route /api/v2/summary.json"' }]);
  });

  it('a status page that refuses (a private page) is an ERROR with the status', async () => {
    server = await startLoopback({ '/api/v2/summary.json': { status: 401, body: { error: 'This page is private' } } });
    expect(await runCheck(statuspage, { url: server.url('') }, { now: () => NOW })).toEqual([{ level: 'ERROR', result: 'status 401 Unauthorized on /api/v2/summary.json, expected 2xx: "This page is private"' }]);
  });

  it('an answer of another shape is an ERROR naming the field', async () => {
    server = await startLoopback({ '/api/v2/summary.json': { body: { page: { name: 'GitHub' }, components: [{ id: 'a', name: 'API', status: null }], incidents: [] } } });
    expect(await runCheck(statuspage, { url: server.url('') }, { now: () => NOW })).toEqual([{ level: 'ERROR', result: 'status 200 OK on /api/v2/summary.json, but `components[0].status` is null, expected text' }]);
  });

  it('the status page down: the connection failure, with its code and address', async () => {
    server = await startStatuspage({ name: 'GitHub', components: [] });
    const base = server.url('');
    await server.close();
    server = undefined;
    expect(await runCheck(statuspage, { url: base }, { now: () => NOW })).toEqual([{ level: 'ERROR', result: `connection refused (ECONNREFUSED ${new URL(base).host})` }]);
  });
});

describe('statuspage config', () => {
  const load = (resource: Record<string, unknown>) => parseConfig(JSON.stringify({ resources: [{ name: 'GitHub', type: 'statuspage', ...resource }] }), '/etc/backstop/backstop.json', {});

  it('links to the status page without a `link`, so validate does not ask for one', async () => {
    const config = await load({ url: 'https://www.githubstatus.com', components: ['API Requests'] });
    expect(config.issues).toEqual([]);
    expect(config.resources[0]).toMatchObject({ ok: true, link: 'https://www.githubstatus.com/', params: { components: ['API Requests'] } });
  });

  it.each([
    ['an empty `components` list', { url: 'https://www.githubstatus.com', components: [] }, 'resource `GitHub` (statuspage): `components` must name at least one component (leave it out to watch them all), got []'],
    ['a blank component name', { url: 'https://www.githubstatus.com', components: ['API Requests', ' '] }, 'resource `GitHub` (statuspage): `components[1]` must be a component name as the status page shows it, like "API Requests", got ""'],
    ['`components` as one string', { url: 'https://www.githubstatus.com', components: 'API Requests' }, 'resource `GitHub` (statuspage): `components` must be a list of component names, like ["API Requests", "Webhooks"], got "API Requests"'],
  ])('refuses %s at load', async (_name, resource, message) => {
    expect((await load(resource)).issues.filter((issue) => issue.severity === 'error').map((issue) => issue.message)).toEqual([message]);
  });
});
