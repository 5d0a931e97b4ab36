/**
 * `uptime-kuma`: the monitors of an Uptime Kuma status page, read from its public API (no
 * login needed): one row per monitor that is down or pending, with how long and its page in
 * Kuma, the incidents posted on the page, and an OK line counting the rest.
 */
import * as z from 'zod';
import { forHowLong } from '../../../shared/words.js';
import { getJson, joinUrl } from '../../net/index.js';
import { caFile, httpUrl, insecure } from '../fields.js';
import { tallyLine } from '../lib/tally.js';
import { excerpt } from '../lib/words.js';
import { defineCheck, type CheckContext, type CheckStatus } from '../types.js';
import { DOWN, heartbeatsShape, heartbeatTime, MAINTENANCE, PENDING, statusPageShape, UP, type Heartbeat, type KumaIncident } from './api.js';

/** Uptime Kuma's own rule for a slug (server/socket-handlers/status-page-socket-handler.js). */
const SLUG = /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/;

export const uptimeKumaSchema = z.strictObject({
  url: httpUrl.meta({ description: 'Uptime Kuma\'s address, like "https://kuma.example.com".', examples: ['https://kuma.example.com'] }),
  slug: z
    .string({ error: 'must be the status page\'s slug, like "homelab" (the end of its address, /status/homelab)' })
    .regex(SLUG, { error: (issue) => `must be the status page's slug, like "homelab" (the end of its address, /status/homelab), got ${JSON.stringify(issue.input)}` })
    .meta({ description: 'The status page to read: the end of its address, /status/<slug>.', examples: ['homelab'] }),
  insecure,
  ca: caFile,
});

type UptimeKumaParams = z.output<typeof uptimeKumaSchema>;

interface Run {
  latest: Heartbeat;
  /** When the latest status began, as far as the heartbeats go back. */
  since: number;
  /** Every heartbeat Kuma sent has this status: it began earlier still. */
  wholeWindow: boolean;
}

/** The latest status and since when it holds, from the heartbeats (oldest first). */
function currentRun(beats: Heartbeat[]): Run | undefined {
  const sorted = [...beats].sort((a, b) => heartbeatTime(a.time) - heartbeatTime(b.time));
  const latest = sorted.at(-1);
  if (latest === undefined) return undefined;
  let first = sorted.length - 1;
  while (first > 0 && sorted[first - 1]!.status === latest.status) first -= 1;
  return { latest, since: heartbeatTime(sorted[first]!.time), wholeWindow: first === 0 };
}

/** `for 2 hours (24-hour uptime 91.7%)`. */
function howLongAndUptime(run: Run, uptime: number | undefined, now: number): string {
  const lasting = forHowLong(now - run.since).replace(/^for /, run.wholeWindow ? 'for at least ' : 'for ');
  return uptime === undefined ? lasting : `${lasting} (24-hour uptime ${Number((uptime * 100).toFixed(2))}%)`;
}

/** A posted incident's row by its style: danger is an ERROR, warning a WARNING; the others are notices. */
function incidentLevel(incident: KumaIncident): CheckStatus['level'] | undefined {
  if (incident.style === 'danger') return 'ERROR';
  if (incident.style === 'warning') return 'WARNING';
  return undefined;
}

export async function checkUptimeKuma(params: UptimeKumaParams, ctx: CheckContext): Promise<CheckStatus[]> {
  const slug = encodeURIComponent(params.slug);
  const options = { ca: params.ca, insecure: params.insecure };
  const [page, heartbeats] = await Promise.all([
    getJson(ctx, joinUrl(params.url, `api/status-page/${slug}`), { ...options, shape: statusPageShape }),
    getJson(ctx, joinUrl(params.url, `api/status-page/heartbeat/${slug}`), { ...options, shape: heartbeatsShape }),
  ]);
  if (!page.ok) return [{ level: 'ERROR', result: page.status === 404 ? `${page.error}: check \`slug\`` : page.error }];
  if (!heartbeats.ok) return [{ level: 'ERROR', result: heartbeats.error }];

  const pageLink = joinUrl(params.url, `status/${slug}`);
  const monitors = new Map<number, string>();
  for (const group of page.json.publicGroupList) for (const monitor of group.monitorList) monitors.set(monitor.id, monitor.name);
  if (monitors.size === 0) return [{ level: 'ERROR', result: `status page \`${params.slug}\` shows no monitors: add them to the page in Uptime Kuma` }];

  const now = ctx.now().getTime();
  const rows: CheckStatus[] = [];
  const counts = { up: 0, down: 0, pending: 0, other: 0, silent: 0 };
  const inMaintenance: string[] = [];
  for (const [id, name] of monitors) {
    const link = joinUrl(params.url, `dashboard/${id}`);
    const run = currentRun(heartbeats.json.heartbeatList[String(id)] ?? []);
    const uptime = heartbeats.json.uptimeList?.[`${id}_24`];
    if (run === undefined) {
      counts.silent += 1;
      rows.push({ metric: name, level: 'WARNING', result: 'no heartbeat recorded: paused, or never run?', link });
    } else if (run.latest.status === UP) {
      counts.up += 1;
    } else if (run.latest.status === DOWN) {
      counts.down += 1;
      rows.push({ metric: name, level: 'ERROR', result: `down ${howLongAndUptime(run, uptime, now)}`, link });
    } else if (run.latest.status === PENDING) {
      counts.pending += 1;
      rows.push({ metric: name, level: 'WARNING', result: `pending ${howLongAndUptime(run, uptime, now)}`, link });
    } else if (run.latest.status === MAINTENANCE) {
      inMaintenance.push(name);
    } else {
      counts.other += 1;
      rows.push({ metric: name, level: 'WARNING', result: `status ${run.latest.status}, which Backstop does not know (expected 0 down, 1 up, 2 pending or 3 maintenance)`, link });
    }
  }

  const incidents = page.json.incidents ?? (page.json.incident ? [page.json.incident] : []);
  const notices: string[] = [];
  for (const incident of incidents) {
    const level = incidentLevel(incident);
    if (level === undefined) notices.push(incident.title);
    else rows.push({ metric: `incident: ${incident.title}`, level, result: incident.content ? `posted: ${excerpt(incident.content)}` : 'posted on the status page', link: pageLink });
  }

  const tally = tallyLine('monitor', [
    { count: counts.up, state: 'up' },
    { count: counts.pending, state: 'pending' },
    { count: counts.down, state: 'down' },
    { count: counts.other, state: 'in another state' },
    { count: counts.silent, state: 'without heartbeats' },
    { count: inMaintenance.length, state: 'in maintenance', names: inMaintenance },
  ]);
  const posted = notices.length > 0 ? `; posted: ${notices.join('; ')}` : '';
  return [...rows, { level: 'OK', result: `${tally}${posted}` }];
}

export default defineCheck({
  kind: 'uptime-kuma',
  description: 'The monitors of an Uptime Kuma status page that are down or pending, each linked to its page in Kuma.',
  schema: uptimeKumaSchema,
  pool: 'network',
  defaultLink: (params) => joinUrl(params.url, `status/${encodeURIComponent(params.slug)}`),
  check: checkUptimeKuma,
});
