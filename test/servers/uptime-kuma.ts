/**
 * A stand-in for an Uptime Kuma status page's public API on 127.0.0.1, answering as Uptime
 * Kuma's source does (github.com/louislam/uptime-kuma):
 * - `GET /api/status-page/<slug>` → `{ config, incidents, publicGroupList, maintenanceList }`
 *   (server/routers/status-page-router.js, `StatusPage.getStatusPageData` in
 *   server/model/status_page.js); groups as `Group.toPublicJSON` (server/model/group.js), monitors as
 *   `Monitor.toPublicJSON` (server/model/monitor.js), incidents as `Incident.toPublicJSON`
 *   (server/model/incident.js). Before 2.1 the page had one `incident` (or null) instead of
 *   `incidents` (`legacy`). An unknown slug → 404 `{"status":"fail","msg":"Status Page Not Found"}`
 *   (`sendHttpError`, server/util-server.js).
 * - `GET /api/status-page/heartbeat/<slug>` → `{ heartbeatList, uptimeList }`: each monitor's last
 *   100 heartbeats oldest first, as `Heartbeat.toPublicJSON` (server/model/heartbeat.js: `msg` is
 *   always ""), `time` in UTC written `YYYY-MM-DD HH:mm:ss.SSS`; `uptimeList["<id>_24"]` a
 *   fraction. An unknown slug there answers empty lists (the router does not check it).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttpServer, type TestHttpServer } from './http.js';

export interface StandInMonitor {
  id: number;
  name: string;
  /** Oldest first: `status` 0 down, 1 up, 2 pending, 3 maintenance; `time` a Date. */
  heartbeats: { status: number; time: Date }[];
  uptime24?: number;
}

export interface UptimeKumaFixture {
  slug: string;
  groups: { name: string; monitors: StandInMonitor[] }[];
  incidents?: { title: string; content: string | null; style: string }[];
  /** Answer as Uptime Kuma before 2.1: one `incident` instead of `incidents`. */
  legacy?: boolean;
}

/** Kuma's heartbeat time: UTC, `YYYY-MM-DD HH:mm:ss.SSS`. */
export function kumaTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

export function uptimeKumaHandler(fixture: UptimeKumaFixture): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const json = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const heartbeat = /^\/api\/status-page\/heartbeat\/([^/]+)$/.exec(path);
    if (heartbeat) {
      const known = decodeURIComponent(heartbeat[1]!).toLowerCase() === fixture.slug;
      const monitors = known ? fixture.groups.flatMap((group) => group.monitors) : [];
      return json(200, {
        heartbeatList: Object.fromEntries(monitors.map((monitor) => [monitor.id, monitor.heartbeats.slice(-100).map((beat) => ({ status: beat.status, time: kumaTime(beat.time), msg: '', ping: beat.status === 1 ? 42 : null }))])),
        uptimeList: Object.fromEntries(monitors.filter((monitor) => monitor.uptime24 !== undefined).map((monitor) => [`${monitor.id}_24`, monitor.uptime24])),
      });
    }
    const page = /^\/api\/status-page\/([^/]+)$/.exec(path);
    if (page) {
      if (decodeURIComponent(page[1]!).toLowerCase() !== fixture.slug) return json(404, { status: 'fail', msg: 'Status Page Not Found' });
      const incidents = (fixture.incidents ?? []).map((incident, index) => ({
        id: index + 1,
        style: incident.style,
        title: incident.title,
        content: incident.content,
        pin: true,
        active: true,
        createdDate: '2026-11-25 20:00:00',
        lastUpdatedDate: null,
        status_page_id: 1,
      }));
      return json(200, {
        config: { slug: fixture.slug, title: 'Home lab', description: null, icon: '/icon.svg', autoRefreshInterval: 300, theme: 'auto', published: true, showTags: false },
        ...(fixture.legacy ? { incident: incidents[0] ?? null } : { incidents }),
        publicGroupList: fixture.groups.map((group, index) => ({
          id: index + 1,
          name: group.name,
          weight: index + 1,
          monitorList: group.monitors.map((monitor) => ({ id: monitor.id, name: monitor.name, sendUrl: 0, type: 'http' })),
        })),
        maintenanceList: [],
      });
    }
    json(404, { status: 'fail', msg: 'Not Found' });
  };
}

export function startUptimeKuma(fixture: UptimeKumaFixture): Promise<TestHttpServer> {
  const handle = uptimeKumaHandler(fixture);
  return startHttpServer((_url, request, response) => handle(request, response));
}
