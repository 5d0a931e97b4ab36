/**
 * A stand-in for a public Atlassian Statuspage's `GET /api/v2/summary.json` on 127.0.0.1, in the
 * shape of the API reference every Statuspage serves at `<page>/api` (e.g.
 * https://confluence.status.atlassian.com/api, "Summary"): `page`, `status`, `components`,
 * `incidents` (unresolved, with `incident_updates` newest first) and `scheduled_maintenances`,
 * plus the fields live pages add to it: `group`, `group_id`, `showcase`, `only_show_if_degraded`
 * on components and `components` (those affected) on incidents.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttpServer, type TestHttpServer } from './http.js';

export interface StandInComponent {
  id: string;
  name: string;
  status: string;
  /** A component group (its components name it in `group_id`). */
  group?: boolean;
  group_id?: string;
  updated_at?: Date;
}

export interface StandInIncident {
  id: string;
  name: string;
  status: string;
  impact: string;
  created_at: Date;
  /** Newest first, as Statuspage lists them. */
  updates: { body: string; created_at: Date }[];
  /** Ids of the components it affects. */
  components?: string[];
  shortlink?: string | null;
}

export interface StatuspageFixture {
  name: string;
  components: StandInComponent[];
  incidents?: StandInIncident[];
  maintenances?: { name: string; status: string }[];
}

const PAGE_ID = 'kctbh9vrtdwd';

export function statuspageHandler(fixture: StatuspageFixture): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path !== '/api/v2/summary.json') return void response.writeHead(404, { 'content-type': 'text/html' }).end('<html><title>Page not found</title></html>');
    const page = { id: PAGE_ID, name: fixture.name, url: `http://${request.headers.host ?? '127.0.0.1'}`, time_zone: 'Etc/UTC', updated_at: '2026-11-26T03:50:00.000Z' };
    const component = (item: StandInComponent, index: number) => ({
      id: item.id,
      name: item.name,
      status: item.status,
      created_at: '2014-05-03T01:22:07.274Z',
      updated_at: (item.updated_at ?? new Date('2026-11-01T00:00:00Z')).toISOString(),
      position: index + 1,
      description: null,
      showcase: false,
      start_date: null,
      group_id: item.group_id ?? null,
      page_id: PAGE_ID,
      group: item.group ?? false,
      only_show_if_degraded: false,
      ...(item.group ? { components: fixture.components.filter((child) => child.group_id === item.id).map((child) => child.id) } : {}),
    });
    const incident = (item: StandInIncident) => ({
      id: item.id,
      name: item.name,
      status: item.status,
      created_at: item.created_at.toISOString(),
      updated_at: (item.updates[0]?.created_at ?? item.created_at).toISOString(),
      monitoring_at: null,
      resolved_at: null,
      impact: item.impact,
      shortlink: item.shortlink === undefined ? `https://stspg.io/${item.id}` : item.shortlink,
      started_at: item.created_at.toISOString(),
      page_id: PAGE_ID,
      incident_updates: item.updates.map((update, index) => ({
        id: `${item.id}u${index}`,
        status: item.status,
        body: update.body,
        incident_id: item.id,
        created_at: update.created_at.toISOString(),
        updated_at: update.created_at.toISOString(),
        display_at: update.created_at.toISOString(),
        affected_components: null,
        deliver_notifications: true,
        custom_tweet: null,
        tweet_id: null,
      })),
      components: (item.components ?? []).map((id) => component(fixture.components.find((candidate) => candidate.id === id)!, 0)),
    });
    const degraded = fixture.components.some((item) => item.status !== 'operational');
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(
      JSON.stringify({
        page,
        components: fixture.components.map(component),
        incidents: (fixture.incidents ?? []).map(incident),
        scheduled_maintenances: (fixture.maintenances ?? []).map((maintenance, index) => ({
          id: `m${index}`,
          name: maintenance.name,
          status: maintenance.status,
          impact: 'maintenance',
          shortlink: `https://stspg.io/m${index}`,
          scheduled_for: '2026-11-26T02:00:00.000Z',
          scheduled_until: '2026-11-26T06:00:00.000Z',
          incident_updates: [],
        })),
        status: degraded ? { indicator: 'minor', description: 'Partially Degraded Service' } : { indicator: 'none', description: 'All Systems Operational' },
      }),
    );
  };
}

export function startStatuspage(fixture: StatuspageFixture): Promise<TestHttpServer> {
  const handle = statuspageHandler(fixture);
  return startHttpServer((_url, request, response) => handle(request, response));
}
