/**
 * `statuspage`: a vendor's public Atlassian Statuspage (GitHub, Atlassian, Cloudflare, most SaaS):
 * one row per degraded component and per open incident (linked to the incident), optionally
 * only for the `components` you depend on, and an OK line counting the rest.
 */
import * as z from 'zod';
import { howLongAgo } from '../../../shared/words.js';
import { getJson, joinUrl } from '../../net/index.js';
import { caFile, httpUrl, insecure } from '../fields.js';
import { tallyLine } from '../lib/tally.js';
import { excerpt } from '../lib/words.js';
import { defineCheck, type CheckContext, type CheckStatus } from '../types.js';
import { summaryShape, type Component, type Incident } from './api.js';

/** Names listed when `components` names one the page does not have; the rest are counted. */
const NAMES_LISTED = 30;

const componentName = z
  .string({ error: 'must be a component name as the status page shows it, like "API Requests"' })
  .trim()
  .min(1, { error: 'must be a component name as the status page shows it, like "API Requests", got ""' });

export const statuspageSchema = z.strictObject({
  url: httpUrl.meta({ description: 'The status page, like "https://www.githubstatus.com".', examples: ['https://www.githubstatus.com'] }),
  components: z
    .array(componentName, { error: 'must be a list of component names, like ["API Requests", "Webhooks"]' })
    .min(1, { error: 'must name at least one component (leave it out to watch them all)' })
    .optional()
    .meta({ description: 'Only these components (or component groups), by name; default all of them.', examples: [['API Requests', 'Webhooks']] }),
  insecure,
  ca: caFile,
});

type StatuspageParams = z.output<typeof statuspageSchema>;

const COMPONENT_PROBLEMS: Record<string, { level: CheckStatus['level']; words: string }> = {
  degraded_performance: { level: 'WARNING', words: 'degraded performance' },
  partial_outage: { level: 'ERROR', words: 'partial outage' },
  major_outage: { level: 'ERROR', words: 'major outage' },
};

type Selection = { ok: true; chosen: Component[] } | { ok: false; error: string };

/** The components that matter: all of them, or those named (a group's name stands for its components). */
function select(components: Component[], wanted: string[] | undefined, pageName: string): Selection {
  const leaves = components.filter((component) => component.group !== true);
  if (wanted === undefined) return { ok: true, chosen: leaves };
  const groups = components.filter((component) => component.group === true);
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  const chosen = new Set<Component>();
  const unknown: string[] = [];
  for (const name of wanted) {
    const group = groups.find((candidate) => same(candidate.name, name));
    const matches = group ? leaves.filter((leaf) => leaf.group_id === group.id) : leaves.filter((leaf) => same(leaf.name, name));
    if (matches.length === 0 && !group) unknown.push(name);
    for (const match of matches) chosen.add(match);
  }
  if (unknown.length > 0) {
    const names = [...new Set([...groups, ...leaves].map((component) => component.name))];
    const listed = names.slice(0, NAMES_LISTED).join(', ') + (names.length > NAMES_LISTED ? ` and ${names.length - NAMES_LISTED} more` : '');
    const what = unknown.map((name) => JSON.stringify(name)).join(', ');
    return { ok: false, error: `\`components\`: ${pageName} has no component ${what}; it has ${listed || 'no components at all'}` };
  }
  return { ok: true, chosen: leaves.filter((leaf) => chosen.has(leaf)) };
}

/** `API Requests`, or `Git Operations / US-East` for a component in a group. */
function nameOf(component: Component, groupNames: Map<string, string>): string {
  const group = component.group_id ? groupNames.get(component.group_id) : undefined;
  return group ? `${group} / ${component.name}` : component.name;
}

/** An incident's level by its impact: major and critical are errors, minor and none warnings. */
function incidentLevel(incident: Incident): CheckStatus['level'] {
  return incident.impact === 'major' || incident.impact === 'critical' ? 'ERROR' : 'WARNING';
}

/** `identified, critical impact, opened 3 hours ago: "Our database…"` (the latest update). */
function describeIncident(incident: Incident, now: number): string {
  const opened = incident.created_at ? Date.parse(incident.created_at) : Number.NaN;
  const parts = [incident.status, `${incident.impact} impact`, ...(Number.isNaN(opened) ? [] : [`opened ${howLongAgo(now - opened)}`])];
  const updates = [...(incident.incident_updates ?? [])].sort((a, b) => Date.parse(b.created_at ?? '') - Date.parse(a.created_at ?? ''));
  const latest = updates.find((update) => update.body)?.body;
  return `${parts.join(', ')}${latest ? `: ${excerpt(latest)}` : ''}`;
}

export async function checkStatuspage(params: StatuspageParams, ctx: CheckContext): Promise<CheckStatus[]> {
  const answer = await getJson(ctx, joinUrl(params.url, 'api/v2/summary.json'), { shape: summaryShape, ca: params.ca, insecure: params.insecure });
  if (!answer.ok) return [{ level: 'ERROR', result: answer.error }];
  const { page, components, incidents, scheduled_maintenances: maintenances = [] } = answer.json;

  const selection = select(components, params.components, page.name);
  if (!selection.ok) return [{ level: 'ERROR', result: selection.error }];
  if (selection.chosen.length === 0) return [{ level: 'ERROR', result: `${page.name} lists no components: is \`url\` the status page you mean?` }];

  const now = ctx.now().getTime();
  const groupNames = new Map(components.filter((component) => component.group === true).map((group) => [group.id, group.name]));
  const rows: CheckStatus[] = [];
  const counts: Record<string, number> = {};
  const inMaintenance: string[] = [];
  for (const component of selection.chosen) {
    const name = nameOf(component, groupNames);
    const problem = COMPONENT_PROBLEMS[component.status];
    const updated = component.updated_at ? Date.parse(component.updated_at) : Number.NaN;
    const since = Number.isNaN(updated) ? '' : ` (updated ${howLongAgo(now - updated)})`;
    if (component.status === 'operational' || component.status === 'under_maintenance') {
      if (component.status === 'under_maintenance') inMaintenance.push(name);
      else counts.operational = (counts.operational ?? 0) + 1;
    } else if (problem) {
      counts[component.status] = (counts[component.status] ?? 0) + 1;
      rows.push({ metric: name, level: problem.level, result: `${problem.words}${since}` });
    } else {
      counts.other = (counts.other ?? 0) + 1;
      rows.push({ metric: name, level: 'WARNING', result: `status ${JSON.stringify(component.status)}, which Backstop does not know (expected operational, degraded_performance, partial_outage, major_outage or under_maintenance)` });
    }
  }

  // With `components`, an incident that names only other components is not yours; one that names none may be.
  const chosenIds = new Set(selection.chosen.map((component) => component.id));
  const relevant = incidents.filter((incident) => params.components === undefined || !incident.components?.length || incident.components.some((affected) => chosenIds.has(affected.id)));
  for (const incident of relevant) {
    rows.push({ metric: `incident: ${incident.name}`, level: incidentLevel(incident), result: describeIncident(incident, now), ...(incident.shortlink ? { link: incident.shortlink } : {}) });
  }

  const tally = tallyLine('component', [
    { count: counts.operational ?? 0, state: 'operational' },
    ...Object.entries(COMPONENT_PROBLEMS).map(([status, problem]) => ({ count: counts[status] ?? 0, state: `with ${problem.words}` })),
    { count: counts.other ?? 0, state: 'in another state' },
    { count: inMaintenance.length, state: 'under maintenance', names: inMaintenance },
  ]);
  const ongoing = maintenances.filter((maintenance) => maintenance.status === 'in_progress' || maintenance.status === 'verifying').map((maintenance) => maintenance.name);
  const maintenanceWords = ongoing.length > 0 ? `; maintenance in progress: ${ongoing.join('; ')}` : '';
  return [...rows, { level: 'OK', result: `${tally}${maintenanceWords}` }];
}

export default defineCheck({
  kind: 'statuspage',
  description: 'A public Atlassian Statuspage: degraded components and open incidents (optionally only for `components`), each a row.',
  schema: statuspageSchema,
  pool: 'network',
  defaultLink: (params) => joinUrl(params.url, ''),
  check: checkStatuspage,
});
