/**
 * What Backstop reads of an Uptime Kuma status page's public API, and where each part is
 * defined in Uptime Kuma's source (github.com/louislam/uptime-kuma):
 *
 * - `GET /api/status-page/<slug>` (server/routers/status-page-router.js) answers
 *   `StatusPage.getStatusPageData` (server/model/status_page.js): `publicGroupList`, each group's
 *   `name` and `monitorList` of `{ id, name, type, … }` (server/model/group.js and
 *   `Monitor.toPublicJSON` in server/model/monitor.js); the pinned, active incidents as
 *   `incidents` (since 2.1; one `incident` or null before), each `{ title, content, style, … }`
 *   (server/model/incident.js), `style` one of info, warning, danger, primary, light, dark
 *   (src/components/IncidentEditForm.vue). An unknown slug is 404 `{"status": "fail", "msg":
 *   "Status Page Not Found"}` (`sendHttpError` in server/util-server.js).
 * - `GET /api/status-page/heartbeat/<slug>` answers `{ heartbeatList, uptimeList }`:
 *   `heartbeatList[monitorId]` is the monitor's last 100 heartbeats, oldest first, each
 *   `{ status, time, msg, ping }` (`Heartbeat.toPublicJSON` in server/model/heartbeat.js, `msg`
 *   always "" in public); `uptimeList["<id>_24"]` is the 24-hour uptime as a fraction.
 * - `status`: 0 down, 1 up, 2 pending, 3 maintenance (server/model/heartbeat.js; `DOWN`, `UP`,
 *   `PENDING`, `MAINTENANCE` in src/util.ts). `time` is UTC written `YYYY-MM-DD HH:mm:ss.SSS`
 *   (`R.isoDateTimeMillis(dayjs.utc())` in server/model/monitor.js).
 * - A monitor's page is `/dashboard/<id>` and a status page `/status/<slug>` (src/router.js).
 */
import * as z from 'zod';

export const DOWN = 0;
export const UP = 1;
export const PENDING = 2;
export const MAINTENANCE = 3;

const incidentShape = z.object({ title: z.string(), content: z.string().nullable().optional(), style: z.string() });

export const statusPageShape = z.object({
  publicGroupList: z.array(
    z.object({
      name: z.string(),
      monitorList: z.array(z.object({ id: z.number(), name: z.string() })),
    }),
  ),
  incidents: z.array(incidentShape).optional(),
  incident: incidentShape.nullable().optional(),
});

export const heartbeatsShape = z.object({
  heartbeatList: z.record(z.string(), z.array(z.object({ status: z.number(), time: z.string() }))),
  uptimeList: z.record(z.string(), z.number()).optional(),
});

export type Heartbeat = z.output<typeof heartbeatsShape>['heartbeatList'][string][number];
export type KumaIncident = z.output<typeof incidentShape>;

/** A heartbeat's `time` as a moment: Kuma writes UTC without a zone (`2026-11-26 03:59:00.123`). */
export function heartbeatTime(time: string): number {
  const iso = time.includes('T') ? time : time.replace(' ', 'T');
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
}
